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
import org.griddispatch.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds a database: the admin account always (when missing), and in demo mode the demo subdistrict
 * and accounts, once. Runs under a transaction-scoped advisory lock, so nodes that start together
 * against one empty database load everything exactly once.
 */
public final class DemoLoader {
  private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
  public static final String DEMO_PASSWORD = "demo1234";
  private static final long SEED_LOCK = 0x6772696464697370L; // "griddisp"

  /** What a start-up should tell the operator. */
  public record Seeded(String generatedAdminPassword, boolean demoLoadedNow, JsonArray demoAccounts) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Passwords passwords;

  public DemoLoader(Vertx vertx, Pool pool, Passwords passwords) {
    this.vertx = vertx;
    this.pool = pool;
    this.passwords = passwords;
  }

  public Future<Seeded> seed(boolean demo, String adminPassword) {
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(SEED_LOCK))
        .compose(v -> ensureAdmin(conn, adminPassword))
        .compose(generated -> (demo ? loadDemoOnce(conn) : Future.succeededFuture(false))
            .map(loaded -> new Seeded(generated, loaded, demo ? resource("users.json").copy() : new JsonArray()))));
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
          return vertx.executeBlocking(() -> passwords.hash(DEMO_PASSWORD), false)
              .compose(hash -> loadDemo(conn, hash))
              .compose(v -> conn.query("INSERT INTO settings (key, value) VALUES ('demo_loaded', 'true')").execute())
              .map(true);
        });
  }

  private Future<Void> loadDemo(SqlConnection conn, String demoHash) {
    List<Tuple> depts = new ArrayList<>();
    resource("departments.json").forEach(o -> {
      JsonObject d = (JsonObject) o;
      depts.add(Tuple.of(d.getString("id"), d.getString("name"), d.getString("nameEn"), d.getString("phone")));
    });
    List<Tuple> grids = new ArrayList<>();
    JsonObject geojson = resourceObject("grids.geojson");
    geojson.getJsonArray("features").forEach(o -> {
      JsonObject p = ((JsonObject) o).getJsonObject("properties");
      grids.add(Tuple.of(p.getString("id"), p.getString("name"), p.getString("nameEn"), p.getString("community"),
          p.getString("communityId"), ((JsonObject) o).getJsonObject("geometry")));
    });
    List<Tuple> categories = new ArrayList<>();
    resource("categories.json").forEach(o -> {
      JsonObject c = (JsonObject) o;
      categories.add(Tuple.of(c.getString("code"), c.getString("name"), c.getString("nameEn"), c.getString("group"),
          c.getString("defaultDeptId"), c.getString("priority"), c.getJsonObject("sla"))
          .addValue(c.getJsonArray("attributes", new JsonArray())).addValue(c.getBoolean("private", false)));
    });
    List<Tuple> services = new ArrayList<>();
    resource("services.json").forEach(o -> {
      JsonObject s = (JsonObject) o;
      services.add(Tuple.of(s.getString("code"), s.getString("name"), s.getString("nameEn"), s.getString("deptId"),
          Json.strings(s.getJsonArray("modes")).toArray(String[]::new), s.getJsonArray("materials"),
          s.getString("eligibility"), s.getInteger("timeLimitDays")));
    });
    Future<?> chain = conn.preparedQuery("INSERT INTO departments (id, name, name_en, phone) VALUES ($1, $2, $3, $4)")
        .executeBatch(depts)
        .compose(v -> conn.preparedQuery("INSERT INTO grids (id, name, name_en, community, community_id, boundary)"
            + " VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(grids))
        .compose(v -> conn.preparedQuery("INSERT INTO categories (code, name, name_en, grp, default_dept_id, priority, sla, attributes,"
            + " private) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)").executeBatch(categories))
        .compose(v -> conn.preparedQuery("INSERT INTO service_items (code, name, name_en, dept_id, modes, materials,"
            + " eligibility, time_limit_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(services));
    for (Object o : resource("users.json")) {
      JsonObject u = (JsonObject) o;
      chain = chain.compose(v -> UserStore.insert(conn, u.getString("username"), demoHash, u.getString("name"),
          Role.parse(u.getString("role")).orElseThrow(), u.getString("phone"), u.getString("deptId"),
          "integration".equals(u.getString("role")) ? Passwords.sha256(demoApiKey(u.getString("username"))) : null,
          Json.strings(u.getJsonArray("gridIds"))));
    }
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

  static JsonArray resource(String name) {
    return new JsonArray(read(name));
  }

  static JsonObject resourceObject(String name) {
    return new JsonObject(read(name));
  }

  private static String read(String name) {
    try (InputStream in = DemoLoader.class.getClassLoader().getResourceAsStream("conf/demo/" + name)) {
      if (in == null) throw new IllegalStateException("conf/demo/" + name + " is missing from the build");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
