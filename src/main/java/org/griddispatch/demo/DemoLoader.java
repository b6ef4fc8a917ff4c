package org.griddispatch.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Role;
import org.griddispatch.auth.UserStore;
import org.griddispatch.subdistrict.NewAccounts;
import org.griddispatch.subdistrict.Problem;
import org.griddispatch.subdistrict.SubdistrictCheck;
import org.griddispatch.subdistrict.SubdistrictFiles;
import org.griddispatch.subdistrict.SubdistrictWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Seeds a database: the admin account always (when missing), and in demo mode the demo subdistrict
 * and accounts, once. The demo subdistrict is loaded as an import loads one ({@code subdistrict}),
 * checked the same way, with the demo's one known password; its residents come on top. Runs under a
 * transaction-scoped advisory lock, so nodes that start together against one empty database (and an
 * import) load everything exactly once.
 */
public final class DemoLoader {
  private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
  public static final String DEMO_PASSWORD = "demo1234";
  private static final SubdistrictFiles DEMO = SubdistrictFiles.classpath("conf/demo");

  /** What a start-up should tell the operator. */
  public record Seeded(String generatedAdminPassword, boolean demoLoadedNow, JsonArray demoAccounts) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Passwords passwords;
  private final Clock clock;

  public DemoLoader(Vertx vertx, Pool pool, Passwords passwords, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.passwords = passwords;
    this.clock = clock;
  }

  public Future<Seeded> seed(boolean demo, String adminPassword) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(SubdistrictWriter.LOCK))
        .compose(v -> ensureAdmin(conn, adminPassword))
        .compose(generated -> (demo ? loadDemoOnce(conn) : Future.succeededFuture(false))
            .map(loaded -> new Seeded(generated, loaded, demo ? resource("users.json") : new JsonArray()))));
  }

  private Future<String> ensureAdmin(SqlConnection conn, String configured) {
    return conn.preparedQuery("SELECT 1 FROM users WHERE username = 'admin'").execute().compose(rows -> {
      if (rows.size() > 0) return Future.succeededFuture((String) null);
      String password = configured != null ? configured : Passwords.randomToken(12);
      return vertx.executeBlocking(() -> passwords.hash(password), false)
          .compose(hash -> UserStore.insert(conn, "admin", hash, "系统管理员", Role.ADMIN, null, null, null, List.of()))
          .map(id -> configured != null ? null : password);
    });
  }

  private Future<Boolean> loadDemoOnce(SqlConnection conn) {
    return conn.query("SELECT (SELECT count(*) FROM settings WHERE key = 'demo_loaded') + (SELECT count(*) FROM grids)")
        .execute().compose(rows -> {
          if (rows.iterator().next().getLong(0) > 0) return Future.succeededFuture(false);
          log.info("Loading the demo subdistrict into an empty database");
          return vertx.executeBlocking(() -> SubdistrictCheck.check(DEMO), false)
              .compose(checked -> checked.ok()
                  ? new SubdistrictWriter(vertx, passwords, clock).write(conn, checked.subdistrict(), NewAccounts.demo(DEMO_PASSWORD, DemoLoader::demoApiKey))
                  : Future.failedFuture(new IllegalStateException("The demo subdistrict (conf/demo) does not pass its checks:\n  "
                      + checked.problems().stream().map(Problem::toString).collect(Collectors.joining("\n  ")))))
              .compose(written -> residents(conn))
              .compose(v -> conn.query("INSERT INTO settings (key, value) VALUES ('demo_loaded', 'true')").execute())
              .map(true);
        });
  }

  /** The demo's residents, who otherwise appear on their first sign-in. */
  private Future<Void> residents(SqlConnection conn) {
    Future<?> chain = Future.succeededFuture();
    for (Object o : resource("residents.json")) {
      JsonObject r = (JsonObject) o;
      chain = chain.compose(v -> UserStore.insert(conn, null, null, r.getString("name"), Role.RESIDENT, r.getString("phone"),
          null, null, List.of()));
    }
    return chain.mapEmpty();
  }

  /** The demo integration account's API key, printed at start and listed in the README. */
  public static String demoApiKey(String username) {
    return "demo-" + username + "-key";
  }

  private static JsonArray resource(String name) {
    String text = DEMO.read(name);
    if (text == null) throw new IllegalStateException("conf/demo/" + name + " is missing from the build");
    return new JsonArray(text);
  }
}
