package org.griddispatch.auth;

import org.griddispatch.common.Fields;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The SQL of users, their grids and residents' sign-in codes. */
public final class UserStore {
  private static final String USER_COLUMNS = """
      u.id, u.username, u.password_hash, u.name, u.role, u.phone, u.dept_id, u.active, u.on_duty, u.token_generation,
      coalesce((SELECT array_agg(g.grid_id ORDER BY g.grid_id) FROM user_grids g WHERE g.user_id = u.id), '{}') AS grid_ids
      """;

  private final Pool pool;

  public UserStore(Pool pool) { this.pool = pool; }

  public record StoredUser(String id, String username, String passwordHash, String name, Role role, String phone,
                           String deptId, boolean active, boolean onDuty, int tokenGeneration, List<String> gridIds) {
    public Actor actor() { return new Actor(id, role, name, gridIds, deptId); }

    public JsonObject toPublicJson() {
      return new JsonObject().put("id", id).put("username", username).put("name", name).put("role", role.wire())
          .put("phone", phone).put("gridIds", new JsonArray(gridIds)).put("deptId", deptId).put("active", active)
          .put("onDuty", onDuty);
    }
  }

  private static StoredUser user(Row r) {
    return new StoredUser(r.getString("id"), r.getString("username"), r.getString("password_hash"), r.getString("name"),
        Role.parse(r.getString("role")).orElseThrow(), r.getString("phone"), r.getString("dept_id"),
        r.getBoolean("active"), r.getBoolean("on_duty"), r.getInteger("token_generation"), List.of(r.getArrayOfStrings("grid_ids")));
  }

  public Future<Optional<StoredUser>> byUsername(String username) {
    return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
  }

  /** The grids and department an account is given exist; a 400 naming {@code gridIds} or {@code deptId} if not. */
  public Future<Void> checkReferences(List<String> gridIds, String deptId) {
    return Future.all(gridsExist(gridIds), deptId == null ? Future.succeededFuture(true) : departmentExists(deptId))
        .compose(all -> {
          Fields refs = new Fields(null);
          if (!all.<Boolean>resultAt(0)) refs.error("gridIds", "unknown grid");
          if (!all.<Boolean>resultAt(1)) refs.error("deptId", "unknown department");
          refs.throwIfAny();
          return Future.succeededFuture();
        });
  }

  public Future<Optional<StoredUser>> byId(String id) {
    return byId(pool, id);
  }

  public Future<Optional<StoredUser>> byId(SqlClient client, String id) {
    return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
  }

  /** Ends every token the user holds (see {@link Revocations}). */
  public Future<Void> revokeTokens(SqlClient conn, String userId) {
    return conn.preparedQuery("UPDATE users SET token_generation = token_generation + 1 WHERE id = $1").execute(Tuple.of(userId))
        .mapEmpty();
  }

  /** Ends every token these users hold, on the caller's connection (part of its transaction). */
  public static Future<Void> revokeTokens(SqlClient conn, Collection<String> userIds) {
    if (userIds.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery("UPDATE users SET token_generation = token_generation + 1 WHERE id = ANY($1)")
        .execute(Tuple.of((Object) userIds.toArray(String[]::new))).mapEmpty();
  }

  public Future<Optional<StoredUser>> byApiKey(String apiKey) {
    return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.api_key_hash = $1 AND u.active")
        .execute(Tuple.of(Passwords.sha256(apiKey)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
  }

  public Future<List<StoredUser>> list(String role, String gridId, String deptId) {
    return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE ($1::text IS NULL OR u.role = $1)"
            + " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM user_grids g WHERE g.user_id = u.id AND g.grid_id = $2))"
            + " AND ($3::text IS NULL OR u.dept_id = $3) ORDER BY u.role, u.username NULLS LAST, u.id")
        .execute(Tuple.of(role, gridId, deptId))
        .map(rows -> {
          List<StoredUser> out = new ArrayList<>();
          rows.forEach(r -> out.add(user(r)));
          return out;
        });
  }

  /** Inserts a user and its grids on the given connection (part of the caller's transaction). */
  public static Future<String> insert(SqlClient conn, String username, String passwordHash, String name, Role role,
                                      String phone, String deptId, String apiKeyHash, List<String> gridIds) {
    String id = UUID.randomUUID().toString();
    return conn.preparedQuery("INSERT INTO users (id, username, password_hash, name, role, phone, dept_id, api_key_hash)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.of(id, username, passwordHash, name, role.wire(), phone, deptId).addValue(apiKeyHash))
        .compose(v -> gridIds.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("INSERT INTO user_grids (user_id, grid_id) VALUES ($1, $2)")
                .executeBatch(gridIds.stream().map(g -> Tuple.of(id, g)).toList()))
        .map(id);
  }

  public Future<Boolean> gridsExist(List<String> gridIds) {
    if (gridIds.isEmpty()) return Future.succeededFuture(true);
    return pool.preparedQuery("SELECT count(*) FROM grids WHERE id = ANY($1) AND active")
        .execute(Tuple.of(gridIds.toArray(String[]::new)))
        .map(rows -> rows.iterator().next().getLong(0) == gridIds.stream().distinct().count());
  }

  /** A user's role and whether the account is active. */
  public record Standing(Role role, boolean active) {}

  /** The standing of each of these users that exists (one query). */
  public static Future<Map<String, Standing>> standings(SqlClient client, Collection<String> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return client.preparedQuery("SELECT id, role, active FROM users WHERE id = ANY($1)")
        .execute(Tuple.of((Object) ids.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Standing> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("id"), new Standing(Role.parse(r.getString("role")).orElseThrow(), r.getBoolean("active"))));
          return out;
        });
  }

  public Future<Boolean> departmentExists(String deptId) {
    return pool.preparedQuery("SELECT 1 FROM departments WHERE id = $1").execute(Tuple.of(deptId))
        .map(rows -> rows.size() > 0);
  }

  /** The resident with this phone, created on first sign-in. */
  public Future<StoredUser> residentByPhone(String phone) {
    String name = "居民" + phone.substring(phone.length() - 4);
    return pool.preparedQuery("INSERT INTO users (id, name, role, phone) VALUES ($1, $2, 'resident', $3)"
            + " ON CONFLICT (phone) WHERE role = 'resident' DO NOTHING")
        .execute(Tuple.of(UUID.randomUUID().toString(), name, phone))
        .compose(v -> pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.role = 'resident' AND u.phone = $1")
            .execute(Tuple.of(phone)))
        .map(rows -> user(rows.iterator().next()));
  }

  // ---- residents' one-time codes -------------------------------------------------------------

  /** A phone's code requests in its current window, this one included, and the seconds the window has left. */
  public record CodeWindow(int requests, int waitSeconds) {}

  /**
   * Stores a new code for the phone unless the phone has used up its sending window (more than
   * {@code maxPerWindow} requests: the code is then left as it was). Answers the window.
   */
  public Future<CodeWindow> storeCode(String phone, String codeHash, int ttlSeconds, int maxPerWindow, int windowSeconds) {
    return pool.preparedQuery("""
            INSERT INTO resident_codes (phone, code_hash, expires_at, attempts, window_start, window_count)
            VALUES ($1, $2, now() + make_interval(secs => $3), 0, now(), 1)
            ON CONFLICT (phone) DO UPDATE SET
              code_hash    = CASE WHEN resident_codes.window_start > now() - make_interval(secs => $5)
                                   AND resident_codes.window_count >= $4 THEN resident_codes.code_hash ELSE excluded.code_hash END,
              expires_at   = CASE WHEN resident_codes.window_start > now() - make_interval(secs => $5)
                                   AND resident_codes.window_count >= $4 THEN resident_codes.expires_at ELSE excluded.expires_at END,
              attempts     = CASE WHEN resident_codes.window_start > now() - make_interval(secs => $5)
                                   AND resident_codes.window_count >= $4 THEN resident_codes.attempts ELSE 0 END,
              window_count = CASE WHEN resident_codes.window_start > now() - make_interval(secs => $5)
                                  THEN resident_codes.window_count + 1 ELSE 1 END,
              window_start = CASE WHEN resident_codes.window_start > now() - make_interval(secs => $5)
                                  THEN resident_codes.window_start ELSE now() END
            RETURNING window_count, ceil(extract(epoch FROM window_start + make_interval(secs => $5) - now()))::int AS wait
            """)
        .execute(Tuple.of(phone, codeHash, ttlSeconds, maxPerWindow, windowSeconds))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new CodeWindow(r.getInteger("window_count"), Math.max(1, r.getInteger("wait")));
        });
  }

  public enum CodeCheck { OK, WRONG, EXPIRED_OR_MISSING }

  /** Checks a code, counting the attempt; a right code is used up. */
  public Future<CodeCheck> checkCode(String phone, String codeHash, int maxAttempts) {
    return pool.withTransaction(conn -> conn.preparedQuery(
            "SELECT code_hash, expires_at > now() AS live, attempts FROM resident_codes WHERE phone = $1 FOR UPDATE")
        .execute(Tuple.of(phone))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(CodeCheck.EXPIRED_OR_MISSING);
          Row r = rows.iterator().next();
          if (!r.getBoolean("live") || r.getInteger("attempts") >= maxAttempts || r.getString("code_hash").isEmpty()) {
            return Future.succeededFuture(CodeCheck.EXPIRED_OR_MISSING);
          }
          if (r.getString("code_hash").equals(codeHash)) {
            return conn.preparedQuery("UPDATE resident_codes SET code_hash = '', expires_at = now() WHERE phone = $1")
                .execute(Tuple.of(phone)).map(CodeCheck.OK);
          }
          return conn.preparedQuery("UPDATE resident_codes SET attempts = attempts + 1 WHERE phone = $1")
              .execute(Tuple.of(phone)).map(CodeCheck.WRONG);
        }));
  }
}
