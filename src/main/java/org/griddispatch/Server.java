package org.griddispatch;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Passwords;
import org.griddispatch.catalog.CatalogVerticle;
import org.griddispatch.catalog.CurrentCatalog;
import org.griddispatch.catalog.WorkCalendar;
import org.griddispatch.demo.DemoLoader;
import org.griddispatch.geo.GeoRoutingVerticle;
import org.griddispatch.geo.GridLocator;
import org.griddispatch.node.HttpVerticle;
import org.griddispatch.web.ShutdownState;
import org.griddispatch.intake.OpenReports;
import org.griddispatch.intake.OpenReportsVerticle;
import org.griddispatch.push.FeedVerticle;
import org.griddispatch.sla.SlaVerticle;
import org.griddispatch.webhooks.DeliveryVerticle;
import org.griddispatch.store.Database;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.workflow.Actions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One node: its database (embedded unless a URI is configured), migrations, the Vert.x instance
 * (clustered on request) and the verticles. Used by {@link Main} and by the tests alike.
 */
public final class Server {
  private static final Logger log = LoggerFactory.getLogger(Server.class);

  private final Vertx vertx;
  private final EmbeddedDatabase embedded;
  private final AppConfig config;
  private final DemoLoader.Seeded seeded;
  private final CurrentCatalog catalog;

  private Server(Vertx vertx, EmbeddedDatabase embedded, AppConfig config, DemoLoader.Seeded seeded, CurrentCatalog catalog) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.config = config;
    this.seeded = seeded;
    this.catalog = catalog;
  }

  /** Starts a node and blocks until it serves; call from a plain thread, not an event loop. */
  public static Server start(AppConfig config, Clock clock) throws Exception {
    JsonObject conf = config.json();
    if (conf.getString("nodeId") == null) conf.put("nodeId", nodeName());
    EmbeddedDatabase embedded = null;
    if (config.pgUri() == null) {
      embedded = EmbeddedDatabase.start(config.dataDir(), 0, config.dbPassword());
      conf.put("pgUri", embedded.uri());
    }
    try {
      Database.migrate(config.pgUri(), org.griddispatch.ticket.Vocabulary.sql());
      Database.settle(config.pgUri(), org.griddispatch.stats.StatsQueries.keepZone(config.zone()));
      Files.createDirectories(config.dataDir());
      Vertx vertx = buildVertx(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      Pool seedPool = Database.pool(vertx, config.pgUri(), 2, "seed");
      CurrentCatalog catalog = new CurrentCatalog(WorkCalendar.zoneOf(conf));
      DemoLoader.Seeded seeded = new DemoLoader(vertx, seedPool, new Passwords(conf.getInteger("passwordIterations")), clock)
          .seed(config.demo(), config.adminPassword())
          .eventually(seedPool::close)
          .compose(s -> deploy(vertx, conf, clock, catalog).map(s))
          .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      if (config.demo()) warnDemoMode();
      return new Server(vertx, embedded, config, seeded, catalog);
    } catch (Exception e) {
      if (embedded != null) embedded.close();
      throw e;
    }
  }

  private static Future<Vertx> buildVertx(AppConfig config) throws java.io.IOException {
    String registryName = "dispatch-" + UUID.randomUUID();
    config.json().put("metricsRegistry", registryName);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName(registryName).setJvmMetricsEnabled(true));
    if (config.cluster()) options.getEventBusOptions().setHost(ClusterConfig.busHost(config));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
    if (!config.cluster()) return Future.succeededFuture(builder.build());
    return builder.withClusterManager(new HazelcastClusterManager(ClusterConfig.load(config))).buildClustered();
  }

  private static Future<?> deploy(Vertx vertx, JsonObject conf, Clock clock, CurrentCatalog catalog) {
    int instances = conf.getInteger("httpInstances");
    DeploymentOptions one = new DeploymentOptions().setConfig(conf);
    DeploymentOptions many = new DeploymentOptions().setConfig(conf).setInstances(instances);
    OpenReports openReports = new OpenReports();
    GridLocator grids = new GridLocator();
    // the node's one reader of the event stream, before anything listens to it
    return vertx.deployVerticle(new org.griddispatch.common.FeedTap.Verticle(), one)
        .compose(v -> vertx.deployVerticle(new CatalogVerticle(catalog), one))
        .compose(v -> vertx.deployVerticle(new GeoRoutingVerticle(grids), one))
        .compose(v -> vertx.deployVerticle(new OpenReportsVerticle(openReports, clock), one))
        .compose(v -> vertx.deployVerticle(FeedVerticle::new, one))
        .compose(v -> vertx.deployVerticle(() -> new SlaVerticle(clock, catalog, new Actions(catalog, conf)), one))
        .compose(v -> vertx.deployVerticle(DeliveryVerticle::new, one))
        .compose(v -> vertx.deployVerticle(() -> new org.griddispatch.notify.NotificationVerticle(clock, null), one))
        .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(clock, grids, openReports, catalog), many));
  }

  /** Demo mode must never be mistaken for a real service: say so where an operator looks first. */
  private static void warnDemoMode() {
    log.warn("""

        ******************************************************************************
        * DEMO MODE: NOT FOR REAL RESIDENTS                                          *
        * The demo subdistrict and demo accounts (one known password) are loaded.    *
        * Resident sign-in codes are answered (devCode) to callers on this machine;  *
        * behind a reverse proxy on this machine, every caller looks local.          *
        * Every page shows a demo banner. DISPATCH_DEMO=false for a real deployment. *
        ******************************************************************************""");
  }

  /** This node's name in logs and in the events it fires: host and a short random part. */
  private static String nodeName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  public Vertx vertx() { return vertx; }
  public AppConfig config() { return config; }
  public DemoLoader.Seeded seeded() { return seeded; }
  public int port() { return config.httpPort(); }

  /** Completes once this node holds catalogue version {@code version} or later. */
  public java.util.concurrent.CompletableFuture<Void> catalogueReached(long version) { return catalog.reached(version); }
  public String pgUri() { return config.pgUri(); }

  /**
   * Drains and stops: readiness goes down and new requests are refused with 503 (a load balancer
   * retries them on another node), the requests in flight finish (for at most
   * {@code shutdownDrainMillis}), then the verticles stop (sockets are told to reconnect elsewhere),
   * the node leaves the cluster and the database stops.
   */
  public void stop() {
    ShutdownState.startDraining(vertx);
    try {
      int left = ShutdownState.awaitIdle(vertx, config.json().getLong("shutdownDrainMillis", 10_000L));
      if (left > 0) log.warn("Stopping with {} requests still in flight", left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly", e);
    }
    if (embedded != null) embedded.close();
  }

}
