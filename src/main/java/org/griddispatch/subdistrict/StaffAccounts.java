package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.StaffFields;
import org.griddispatch.auth.UserStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a subdistrict's staff: an account that is new is created with its first secrets
 * ({@link NewAccounts}); one that exists (by username) gets its name, role, phone and department
 * from the file, never its password, API key or active flag. Grid assignments are the grid set's.
 */
final class StaffAccounts {
  /** A staff account as the audit log shows it: never a hash. */
  private static final String USER_ROW = """
      SELECT jsonb_build_object('id', id, 'username', username, 'name', name, 'role', role, 'phone', phone, 'deptId', dept_id,
                                'active', active) AS row
      FROM users WHERE username = ANY($1) ORDER BY username""";

  private final Vertx vertx;
  private final Passwords passwords;
  /** One hash per password: the demo's accounts share one. */
  private final Map<String, Future<String>> hashes = new HashMap<>();

  StaffAccounts(Vertx vertx, Passwords passwords) {
    this.vertx = vertx;
    this.passwords = passwords;
  }

  /** Creates or updates every account; answers each one's id by username, and adds the accounts created to {@code created}. */
  Future<Map<String, String>> write(SqlConnection conn, List<StaffSpec> staff, NewAccounts secrets, LoadAudit audit,
                                    List<SubdistrictWriter.Account> created) {
    List<String> usernames = staff.stream().map(StaffSpec::username).toList();
    Map<String, String> ids = new LinkedHashMap<>();
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    return conn.preparedQuery("SELECT id, username FROM users WHERE username = ANY($1)")
        .execute(Tuple.of((Object) usernames.toArray(String[]::new)))
        .compose(existing -> {
          existing.forEach(r -> ids.put(r.getString("username"), r.getString("id")));
          return Rows.json(conn, USER_ROW, usernames);
        })
        .compose(old -> {
          Future<Void> chain = Future.succeededFuture();
          for (StaffSpec spec : staff) {
            StaffFields a = spec.account();
            chain = chain.compose(v -> ids.containsKey(a.username())
                ? update(conn, ids.get(a.username()), a).<Void>map(changed -> {
                  if (changed) updated.add(a.username());
                  return null;
                })
                : create(conn, a, secrets, created).<Void>map(id -> {
                  ids.put(a.username(), id);
                  added.add(a.username());
                  return null;
                }));
          }
          return chain.compose(v -> {
            List<String> touched = new ArrayList<>(added);
            touched.addAll(updated);
            if (touched.isEmpty()) return Future.succeededFuture(ids);
            return Rows.json(conn, USER_ROW, touched).map(now -> {
              audit.record("users", new JsonObject().put("created", new JsonArray(added)).put("updated", new JsonArray(updated)),
                  LoadAudit.only(old, "username", updated), now);
              return ids;
            });
          });
        });
  }

  private Future<String> create(SqlConnection conn, StaffFields a, NewAccounts secrets, List<SubdistrictWriter.Account> created) {
    String password = secrets.password(a);
    String apiKey = NewAccounts.hasApiKey(a) ? secrets.apiKey(a) : null;
    Future<String> hash = password == null ? Future.succeededFuture(null)
        : hashes.computeIfAbsent(password, p -> vertx.executeBlocking(() -> passwords.hash(p), false));
    return hash.compose(h -> UserStore.insert(conn, a.username(), h, a.name(), a.role(), a.phone(), a.deptId(),
            apiKey == null ? null : Passwords.sha256(apiKey), List.of()))
        .map(id -> {
          created.add(new SubdistrictWriter.Account(a.username(), a.name(), a.role().wire(), password, secrets.given(a), apiKey));
          return id;
        });
  }

  /** Brings an existing account's name, role, phone and department up to date; another role or department ends its sign-ins. */
  private static Future<Boolean> update(SqlConnection conn, String id, StaffFields a) {
    return conn.preparedQuery("""
            UPDATE users SET name = $2, role = $3, phone = $4, dept_id = $5,
              token_generation = token_generation + CASE WHEN (role, dept_id) IS DISTINCT FROM ($3::text, $5::text) THEN 1 ELSE 0 END
            WHERE id = $1 AND (name, role, phone, dept_id) IS DISTINCT FROM ($2::text, $3::text, $4::text, $5::text)
            RETURNING id""")
        .execute(Tuple.of(id, a.name(), a.role().wire(), a.phone(), a.deptId()))
        .map(rows -> rows.size() > 0);
  }
}
