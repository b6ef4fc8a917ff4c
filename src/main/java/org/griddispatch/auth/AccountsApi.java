package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Times;
import org.griddispatch.common.UserChanged;
import org.griddispatch.store.AuditLog;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Changing accounts once they exist: signing out ({@code POST /auth/logout}), an admin's change of a
 * user ({@code PATCH /admin/users/{id}}, audited) and the rotation of the token signing key. A change
 * that must end the user's sign-ins raises their token generation; every node hears of it on
 * {@code users.changed} and closes their sockets.
 */
public final class AccountsApi {
  /**
   * What ends a user's existing sign-ins when it changes. Grids and department do not: requests read
   * them from the database ({@link Revocations}) and sockets reconnect into them.
   */
  private static final Set<String> ENDS_SIGN_INS = Set.of("active", "password", "role");

  private final Vertx vertx;
  private final Pool pool;
  private final UserStore users;
  private final Passwords passwords;
  private final Clock clock;

  public AccountsApi(Vertx vertx, Pool pool, UserStore users, Passwords passwords, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.passwords = passwords;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.get("/auth/me").handler(Http.handle(this::me));
    api.post("/auth/logout").handler(Http.handle(this::logout));
    api.patch("/admin/users/:id").handler(Http.handle(this::change));
    api.post("/admin/keys/rotate").handler(Http.handle(this::rotateKeys));
  }

  /** The caller as they stand now (the login answer's {@code user}): grids and department may have changed since. */
  private void me(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    Http.reply(ctx, users.byId(actor.id()).map(found -> found
        .map(u -> actor.toJson().put("username", u.username()))
        .orElseThrow(() -> ApiError.unauthorized("This sign-in has ended; sign in again"))));
  }

  /** Ends every sign-in of the caller (all their tokens, on every device). */
  private void logout(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    pool.withTransaction(conn -> users.revokeTokens(conn, actor.id()))
        .onSuccess(v -> {
          announce(actor.id());
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void change(RoutingContext ctx) {
    Actor admin = Actor.of(ctx);
    if (!admin.has(Role.ADMIN)) throw ApiError.forbidden("Only an admin manages users");
    String id = ctx.pathParam("id");
    Fields f = new Fields(Http.body(ctx));
    f.onlyKnown(Set.of("name", "phone", "role", "gridIds", "deptId", "active", "onDuty", "password"));
    JsonObject body = f.body();
    String name = f.string("name", false, 64);
    String phone = f.matching("phone", false, Phones.PATTERN, "must be an 11-digit mainland mobile number");
    String role = f.oneOf("role", false, AuthApi.STAFF_ROLES);
    List<String> gridIds = body.containsKey("gridIds") ? f.strings("gridIds", false, 50, 64) : null;
    String deptId = f.string("deptId", false, 64);
    Boolean active = f.bool(body, "active", "active");
    Boolean onDuty = f.bool(body, "onDuty", "onDuty");
    String password = f.string("password", false, 256);
    if (password != null && password.length() < 8) f.error("password", "at least 8 characters");
    if (body.isEmpty()) f.error("body", "name at least one field to change");
    f.throwIfAny();
    if (admin.id().equals(id) && (Boolean.FALSE.equals(active) || (role != null && !role.equals("admin")))) {
      throw ApiError.conflict("self_lockout", "You cannot deactivate yourself or give up your own admin role");
    }
    Future<String> hash = password == null ? Future.succeededFuture(null) : vertx.executeBlocking(() -> passwords.hash(password), false);
    Http.reply(ctx, hash.compose(h -> pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM users WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id)).compose(locked -> users.byId(conn, id)).compose(found -> {
      UserStore.StoredUser before = found.orElseThrow(() -> ApiError.notFound("User"));
      String newRole = role != null ? role : before.role().wire();
      List<String> newGrids = gridIds != null ? gridIds : "grid_worker".equals(newRole) ? before.gridIds() : List.of();
      String newDept = body.containsKey("deptId") ? deptId : "dept_staff".equals(newRole) ? before.deptId() : null;
      Fields rules = new Fields(null);
      if (before.role() == Role.RESIDENT && body.fieldNames().stream().anyMatch(k -> !k.equals("active"))) {
        rules.error("body", "a resident's account can only be deactivated or reactivated");
      }
      if (!"grid_worker".equals(newRole) && !newGrids.isEmpty()) rules.error("gridIds", "only grid workers have grids");
      if ("grid_worker".equals(newRole) && newGrids.isEmpty()) rules.error("gridIds", "a grid worker needs at least one grid");
      if (!"dept_staff".equals(newRole) && newDept != null) rules.error("deptId", "only department staff have a department");
      if ("dept_staff".equals(newRole) && newDept == null) rules.error("deptId", "department staff need a department");
      rules.throwIfAny();
      return users.checkReferences(newGrids, newDept)
          // grids are rewritten when given, and dropped when a worker becomes something else
          .compose(v -> update(conn, id, name, phone, newRole, newDept, active, onDuty, h,
              gridIds != null || !"grid_worker".equals(newRole) ? newGrids : null, ENDS_SIGN_INS.stream().anyMatch(body::containsKey)))
          .compose(v -> users.byId(conn, id)).map(java.util.Optional::orElseThrow)
          .compose(after -> AuditLog.write(conn, Times.now(clock), admin.id(), admin.role().wire(), admin.name(), "user.change",
              "user:" + id, before.toPublicJson(), password == null ? after.toPublicJson() : after.toPublicJson().put("password", "changed"))
              .map(after.toPublicJson()));
    }))).onSuccess(v -> announce(id)));
  }

  private static Future<Void> update(SqlConnection conn, String id, String name, String phone, String role, String deptId,
                                     Boolean active, Boolean onDuty, String passwordHash, List<String> gridIds, boolean endsSignIns) {
    return conn.preparedQuery("""
            UPDATE users SET name = coalesce($2, name), phone = coalesce($3, phone), role = $4, dept_id = $5,
              active = coalesce($6, active), on_duty = coalesce($7, on_duty), password_hash = coalesce($8, password_hash),
              token_generation = token_generation + CASE WHEN $9 THEN 1 ELSE 0 END,
              -- an admin's new password or reactivation lifts a sign-in lockout
              failed_sign_ins = CASE WHEN $8 IS NOT NULL OR $6 THEN 0 ELSE failed_sign_ins END,
              locked_until = CASE WHEN $8 IS NOT NULL OR $6 THEN NULL ELSE locked_until END
            WHERE id = $1""")
        .execute(Tuple.of(id, name, phone, role, deptId, active, onDuty).addValue(passwordHash).addValue(endsSignIns))
        .compose(v -> gridIds == null ? Future.succeededFuture()
            : conn.preparedQuery("DELETE FROM user_grids WHERE user_id = $1").execute(Tuple.of(id))
                .compose(d -> gridIds.isEmpty() ? Future.succeededFuture()
                    : conn.preparedQuery("INSERT INTO user_grids (user_id, grid_id) VALUES ($1, $2)")
                        .executeBatch(gridIds.stream().distinct().map(g -> Tuple.of(id, g)).toList()))
                .mapEmpty());
  }

  /** Retires the signing key for a new one; tokens already issued stay valid until they expire. */
  private void rotateKeys(RoutingContext ctx) {
    if (!Actor.of(ctx).has(Role.ADMIN)) throw ApiError.forbidden("Only an admin rotates the signing key");
    Http.reply(ctx, SigningKeys.rotate(pool).map(kid -> {
      vertx.eventBus().publish(Addresses.KEYS_CHANGED, kid);
      return new JsonObject().put("kid", kid);
    }));
  }

  private void announce(String userId) {
    vertx.eventBus().publish(Addresses.USERS_CHANGED, new UserChanged(userId).toJson());
  }
}
