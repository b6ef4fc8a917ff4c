package org.griddispatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.griddispatch.support.TestNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The network between Hazelcast members on one machine, so that it can be split for real. Member i
 * listens on 127.0.0.1:{@link #port}(i) and is reached by the others only at its public address,
 * {@code host(i):publicPort(i)}, where a TCP forwarder of this class passes the bytes on. Each
 * member's own connections leave from its public host (Hazelcast binds them there when
 * {@code hazelcast.socket.client.bind.any} is false), so a forwarder knows which member is calling.
 * {@link #split} closes every connection between the two groups and refuses new ones until
 * {@link #heal}; within a group, traffic flows on.
 */
final class MemberLinks implements AutoCloseable {
  private final Vertx vertx;
  private final NetClient client;
  private final List<String> hosts;
  private final int[] ports;
  private final int[] publicPorts;
  private final List<NetServer> servers = new ArrayList<>();
  /** Each open link (both its sockets) with the members it joins: {from, to}. */
  private final Map<NetSocket, int[]> open = new ConcurrentHashMap<>();
  private volatile Set<Integer> apart = Set.of();
  /** Connections from an address that is no member's: the cut could not have stopped them. */
  final AtomicInteger unknownCallers = new AtomicInteger();
  /** Connections refused because they crossed the split. */
  final AtomicInteger refused = new AtomicInteger();
  /** Links closed by the split. */
  final AtomicInteger cut = new AtomicInteger();

  MemberLinks(Vertx vertx, List<String> hosts) throws IOException {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.hosts = List.copyOf(hosts);
    this.ports = new int[hosts.size()];
    this.publicPorts = new int[hosts.size()];
    for (int i = 0; i < hosts.size(); i++) {
      ports[i] = TestNode.freePort();
      publicPorts[i] = TestNode.freePort();
    }
    for (int i = 0; i < hosts.size(); i++) {
      int to = i;
      servers.add(vertx.createNetServer().connectHandler(in -> accept(to, in)).listen(publicPorts[i], hosts.get(i)).await());
    }
  }

  /** The port member i binds (on 127.0.0.1). */
  int port(int i) { return ports[i]; }

  /** The address the other members reach member i by. */
  String publicAddress(int i) { return hosts.get(i) + ":" + publicPorts[i]; }

  /** Every member's public address, for the join list. */
  String members() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) all.add(publicAddress(i));
    return String.join(",", all);
  }

  /** Cuts the members of {@code group} from the others: every link between them closes, none opens. */
  void split(Set<Integer> group) {
    apart = Set.copyOf(group);
    for (Map.Entry<NetSocket, int[]> link : List.copyOf(open.entrySet())) {
      if (!allowed(link.getValue()[0], link.getValue()[1])) {
        open.remove(link.getKey());
        link.getKey().close();
        cut.incrementAndGet();
      }
    }
  }

  /** The network is whole again. */
  void heal() { apart = Set.of(); }

  /** How many links are open now, by pair "from>to". */
  Map<String, Long> links() {
    return open.values().stream().collect(Collectors.groupingBy(p -> p[0] + ">" + p[1], Collectors.counting()));
  }

  private boolean allowed(int from, int to) {
    Set<Integer> a = apart;
    return from < 0 || a.contains(from) == a.contains(to);
  }

  private void accept(int to, NetSocket in) {
    in.pause();
    int from = hosts.indexOf(in.remoteAddress().host());
    if (from < 0) unknownCallers.incrementAndGet();
    if (!allowed(from, to)) {
      refused.incrementAndGet();
      in.close();
      return;
    }
    client.connect(ports[to], "127.0.0.1").onSuccess(out -> {
      int[] pair = {from, to};
      open.put(in, pair);
      open.put(out, pair);
      in.closeHandler(v -> {
        open.remove(in);
        out.close();
      });
      out.closeHandler(v -> {
        open.remove(out);
        in.close();
      });
      if (!allowed(from, to)) { // split while connecting
        in.close();
        return;
      }
      in.pipeTo(out);
      out.pipeTo(in);
      in.resume();
    }).onFailure(e -> in.close());
  }

  @Override
  public void close() {
    for (NetServer s : servers) s.close().await();
    for (NetSocket s : List.copyOf(open.keySet())) s.close();
    client.close().await();
  }
}
