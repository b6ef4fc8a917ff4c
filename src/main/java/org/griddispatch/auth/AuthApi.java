package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.web.ClientOrigin;
import org.griddispatch.web.Http;
import org.griddispatch.web.LocalCaller;

import java.util.List;
import java.util.Set;

/** Sign-in routes (staff and residents) and the admin's user management. */
public final class AuthApi {
  static final Set<String> STAFF_ROLES =
      Set.of("grid_worker", "dept_staff", "dispatcher", "supervisor", "admin", "integration");

  private final Vertx vertx;
  private final Pool pool;
  private final UserStore users;
  private final Tokens tokens;
  private final Passwords passwords;
  private final CodeSender codeSender;
  private final boolean demo;
  private final JsonObject codeConfig;
  private final SignInLimits limits;

  public AuthApi(Vertx vertx, Pool pool, UserStore users, Tokens tokens, Passwords passwords, CodeSender codeSender,
                 JsonObject config, java.time.Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.tokens = tokens;
    this.passwords = passwords;
    this.codeSender = codeSender;
    this.demo = config.getBoolean("demo", false);
    this.codeConfig = config.getJsonObject("residentCode");
    this.limits = new SignInLimits(vertx, pool, config, clock);
  }

  /** Routes that need no token. */
  public void mountOpen(Router api) {
    api.post("/auth/login").handler(Http.handle(this::login));
    api.post("/auth/resident/code").handler(Http.handle(this::requestCode));
    api.post("/auth/resident/login").handler(Http.handle(this::residentLogin));
  }

  public void mountAdmin(Router api) {
    api.post("/admin/users").handler(Http.handle(this::createUser));
    api.get("/admin/users").handler(Http.handle(this::listUsers));
  }

  private void login(RoutingContext ctx) {
    Fields f = new Fields(Http.body(ctx));
    String username = f.string("username", true, 64);
    String password = f.string("password", true, 256);
    f.throwIfAny();
    Http.reply(ctx, limits.attempt(username, ClientOrigin.ip(ctx), () -> users.byUsername(username).compose(found -> {
      String hash = found.filter(UserStore.StoredUser::active).map(UserStore.StoredUser::passwordHash).orElse(null);
      return vertx.executeBlocking(() -> passwords.verify(password, hash), false).compose(ok -> {
        if (!ok || found.isEmpty() || found.get().role() == Role.RESIDENT) {
          return Future.failedFuture(new ApiError(401, "invalid_credentials", "Wrong username or password"));
        }
        return Future.succeededFuture(tokens.issue(found.get().actor(), username, found.get().tokenGeneration()));
      });
    })));
  }

  private void requestCode(RoutingContext ctx) {
    Fields f = new Fields(Http.body(ctx));
    String phone = f.matching("phone", true, Phones.PATTERN, "must be an 11-digit mainland mobile number");
    f.throwIfAny();
    String code = Passwords.randomDigits(6);
    // shown only to a caller on this machine: anyone else could sign in as any resident with it
    boolean showCode = demo && LocalCaller.is(ctx);
    String ip = ClientOrigin.ip(ctx);
    Http.reply(ctx, limits.codeRequest(ip)
        .compose(v -> users.storeCode(phone, Passwords.sha256(phone + ":" + code), codeConfig.getInteger("ttlSeconds"),
            codeConfig.getInteger("maxPerWindow"), codeConfig.getInteger("windowSeconds")))
        .compose(window -> limits.codesForPhone(phone, window.requests(), window.waitSeconds(), ip))
        .compose(stored -> codeSender.send(phone, code).map(v -> {
          JsonObject answer = new JsonObject().put("sent", true).put("expiresIn", codeConfig.getInteger("ttlSeconds"));
          if (showCode) answer.put("devCode", code);
          return answer;
        })));
  }

  private void residentLogin(RoutingContext ctx) {
    Fields f = new Fields(Http.body(ctx));
    String phone = f.matching("phone", true, Phones.PATTERN, "must be an 11-digit mainland mobile number");
    String code = f.matching("code", true, "^\\d{6}$", "must be the 6-digit code");
    f.throwIfAny();
    Http.reply(ctx, users.checkCode(phone, Passwords.sha256(phone + ":" + code), codeConfig.getInteger("maxAttempts"))
        .compose(check -> switch (check) {
          case OK -> users.residentByPhone(phone).map(u -> tokens.issue(u.actor(), null, u.tokenGeneration()));
          case WRONG -> Future.failedFuture(new ApiError(401, "invalid_code", "The code is wrong"));
          case EXPIRED_OR_MISSING -> Future.failedFuture(new ApiError(401, "code_expired",
              "The code has expired or was used up; request a new one"));
        }));
  }

  private void createUser(RoutingContext ctx) {
    requireAdmin(ctx);
    Fields f = new Fields(Http.body(ctx));
    f.onlyKnown(StaffFields.KNOWN);
    StaffFields staff = StaffFields.read(f, true);
    f.throwIfAny();
    String username = staff.username();
    String password = staff.password();
    List<String> gridIds = staff.gridIds();
    String deptId = staff.deptId();

    Future<Void> references = users.checkReferences(gridIds, deptId);
    String apiKey = staff.role() == Role.INTEGRATION ? Passwords.randomToken(32) : null;
    Http.reply(ctx, references
        .compose(v -> password == null ? Future.succeededFuture((String) null)
            : vertx.executeBlocking(() -> passwords.hash(password), false))
        .compose(hash -> pool.withTransaction(conn -> UserStore.insert(conn, username, hash, staff.name(),
            staff.role(), staff.phone(), deptId, apiKey == null ? null : Passwords.sha256(apiKey), gridIds)))
        .recover(e -> Future.failedFuture(org.griddispatch.common.Errors.isUniqueViolation(e, null)
            ? ApiError.conflict("username_taken", "That username is already in use") : e))
        .compose(id -> users.byUsername(username))
        .map(u -> {
          JsonObject out = u.orElseThrow().toPublicJson();
          if (apiKey != null) out.put("apiKey", apiKey);
          return out;
        }), 201);
  }

  private void listUsers(RoutingContext ctx) {
    requireAdmin(ctx);
    String role = Http.query(ctx, "role");
    if (role != null && Role.parse(role).isEmpty()) {
      throw ApiError.invalid(new JsonObject().put("role", "unknown role"));
    }
    Http.reply(ctx, users.list(role, Http.query(ctx, "gridId"), Http.query(ctx, "deptId"))
        .map(list -> new JsonObject().put("items", list.stream().map(UserStore.StoredUser::toPublicJson).toList())));
  }

  private static void requireAdmin(RoutingContext ctx) {
    if (!Actor.of(ctx).has(Role.ADMIN)) throw ApiError.forbidden("Only an admin manages users");
  }
}
