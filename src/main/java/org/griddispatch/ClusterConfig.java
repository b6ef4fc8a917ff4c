package org.griddispatch;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Hazelcast configuration of {@code cluster/cluster.xml} (working directory, else the copy in
 * the jar). Its ${…} placeholders come from the node's config (clusterName, clusterInterface,
 * clusterPort, clusterMembers) or else the DISPATCH_CLUSTER_* environment variables. Two more, for
 * a deployment whose members reach each other through translated addresses (a NAT, a container's
 * published port, a proxy): {@code clusterPublicAddress} (DISPATCH_CLUSTER_PUBLIC_ADDRESS,
 * {@code host:port}), the address the other members reach this one by; and
 * {@code clusterProperties}, Hazelcast properties ({@code hazelcast.*}) that override the file's
 * (heartbeats, merge delays).
 */
final class ClusterConfig {
  private ClusterConfig() {}

  /**
   * The address this node's event bus listens on and is reached at: the cluster interface (the
   * Hazelcast member's address would say the same, except when a public address is configured: that
   * one is Hazelcast's own, with its port).
   */
  static String busHost(AppConfig config) {
    return config.json().getString("clusterInterface", System.getenv().getOrDefault("DISPATCH_CLUSTER_INTERFACE", "127.0.0.1"));
  }

  static Config load(AppConfig config) throws IOException {
    Path file = Path.of(config.json().getString("clusterConfig", "cluster/cluster.xml"));
    try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
        : ClusterConfig.class.getClassLoader().getResourceAsStream("cluster/cluster.xml")) {
      if (in == null) throw new IOException("cluster/cluster.xml not found");
      XmlConfigBuilder builder = new XmlConfigBuilder(in);
      java.util.Properties values = new java.util.Properties();
      var env = System.getenv();
      values.setProperty("dispatch.cluster.name", config.json().getString("clusterName", env.getOrDefault("DISPATCH_CLUSTER_NAME", "grid-dispatch")));
      values.setProperty("dispatch.cluster.interface", config.json().getString("clusterInterface", env.getOrDefault("DISPATCH_CLUSTER_INTERFACE", "127.0.0.1")));
      values.setProperty("dispatch.cluster.port", String.valueOf(config.json().getInteger("clusterPort", Integer.parseInt(env.getOrDefault("DISPATCH_CLUSTER_PORT", "5701")))));
      values.setProperty("dispatch.cluster.members", config.json().getString("clusterMembers", env.getOrDefault("DISPATCH_CLUSTER_MEMBERS", "127.0.0.1")));
      builder.setProperties(values);
      Config built = builder.build();
      String publicAddress = config.json().getString("clusterPublicAddress", env.get("DISPATCH_CLUSTER_PUBLIC_ADDRESS"));
      if (publicAddress != null && !publicAddress.isBlank()) built.getNetworkConfig().setPublicAddress(publicAddress.trim());
      io.vertx.core.json.JsonObject properties = config.json().getJsonObject("clusterProperties", new io.vertx.core.json.JsonObject());
      for (String name : properties.fieldNames()) built.setProperty(name, String.valueOf(properties.getValue(name)));
      return built;
    }
  }
}
