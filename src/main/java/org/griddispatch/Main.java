package org.griddispatch;

import io.vertx.core.json.JsonObject;
import org.griddispatch.demo.DemoLoader;
import org.griddispatch.store.EmbeddedDatabase;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar grid-dispatch.jar} runs a node; {@code java -jar grid-dispatch.jar db} runs only
 * the embedded PostgreSQL for several nodes on one machine to share; {@code import DIR} loads a
 * subdistrict's files into the database and exits.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    AppConfig config = AppConfig.load(System.getenv());
    if (args.length > 0 && args[0].equals("db")) {
      runDatabaseOnly(config);
      return;
    }
    if (args.length == 2 && args[0].equals("import")) {
      System.exit(ImportCommand.run(config, Path.of(args[1]), System.out));
    }
    if (args.length > 0) {
      System.err.println("usage: java -jar grid-dispatch.jar [db | import DIR]");
      System.exit(2);
    }
    Server server = Server.start(config, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
    printBanner(server);
  }

  private static void runDatabaseOnly(AppConfig config) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(config.dataDir(), config.dbPort(), config.dbPassword());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      db.close();
      stopped.countDown();
    }, "shutdown"));
    System.out.println("PostgreSQL for Grid Dispatch nodes is running. Point each node at it with");
    // a password of the operator's own choosing stays off the screen
    String uri = config.dbPassword().equals(EmbeddedDatabase.NAME) ? db.uri() : db.uri().replaceFirst(":[^:@/]+@", ":<DISPATCH_DB_PASSWORD>@");
    System.out.println("  DISPATCH_PG_URI=" + uri);
    stopped.await();
  }

  private static void printBanner(Server server) {
    StringBuilder out = new StringBuilder("\nGrid Dispatch is running: API at http://localhost:").append(server.port()).append("/api/v1");
    out.append("\n  ready when GET /health/ready answers 200; live push at ws://localhost:").append(server.port()).append("/ws");
    if (!server.config().rateLimits()) {
      out.append("\n  abuse limits are OFF (DISPATCH_RATE_LIMITS=off): for load tests on a closed network only");
    }
    DemoLoader.Seeded seeded = server.seeded();
    if (seeded.generatedAdminPassword() != null) {
      out.append("\n  admin account created: admin / ").append(seeded.generatedAdminPassword())
          .append("   (shown once; set DISPATCH_ADMIN_PASSWORD to choose it)");
    }
    if (!seeded.demoAccounts().isEmpty()) {
      out.append("\n  Demo accounts (password ").append(DemoLoader.DEMO_PASSWORD).append("):");
      for (Object o : seeded.demoAccounts()) {
        JsonObject u = (JsonObject) o;
        out.append(String.format("%n    %-16s %-12s %s", u.getString("username"), u.getString("role"), u.getString("name")));
        if ("integration".equals(u.getString("role"))) {
          out.append("   X-Api-Key: ").append(DemoLoader.demoApiKey(u.getString("username")));
        }
      }
      out.append("\n  Residents sign in with a phone number and the code from POST /api/v1/auth/resident/code")
          .append(" (demo phones 13800000001-13800000003; the answer carries the code only when asked from this machine).");
    }
    System.out.println(out.append('\n'));
  }
}
