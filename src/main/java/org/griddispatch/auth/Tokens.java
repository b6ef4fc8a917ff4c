package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * Issues and checks the JWTs. The actor's grids and department travel in the token, with the user's
 * token generation ({@code gen}) and, in the header, the signing key's {@code kid}. A token signed
 * with a key this node does not know yet (another node rotated) makes it read the keys again.
 */
public final class Tokens {
  private static final long RELOAD_AT_MOST_EVERY_MILLIS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final JsonObject config;
  private final int staffTtlMinutes;
  private final int residentTtlMinutes;
  private SigningKeys keys;
  private JWTAuth jwt;
  /** When a token with an unknown kid last made this node read the keys: at most once a second. */
  private long lastStrangerReload;

  public Tokens(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.staffTtlMinutes = config.getInteger("tokenTtlMinutes");
    this.residentTtlMinutes = config.getInteger("residentTokenTtlMinutes");
  }

  /**
   * Reads the signing keys now and then every {@code keyRefreshMillis} (10 s): a node outside the
   * rotating node's cluster signs with the new key within that time.
   */
  public Future<Void> start() {
    vertx.setPeriodic(config.getLong("keyRefreshMillis", 10_000L), t -> reload());
    return reload();
  }

  /** Reads the signing keys (see {@link SigningKeys#load}); again when they changed. */
  public Future<Void> reload() {
    return SigningKeys.load(pool, config).map(k -> {
      keys = k;
      jwt = k.provider(vertx);
      return null;
    });
  }

  /** The login answer: {token, expiresAt, user}; {@code generation} is the user's current token generation. */
  public JsonObject issue(Actor actor, String username, int generation) {
    int ttl = actor.role() == Role.RESIDENT ? residentTtlMinutes : staffTtlMinutes;
    JsonObject claims = new JsonObject()
        .put("role", actor.role().wire())
        .put("name", actor.name())
        .put("gridIds", new JsonArray(actor.gridIds()))
        .put("deptId", actor.deptId())
        .put("gen", generation);
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm(SigningKeys.ALGORITHM)
        .setHeader(new JsonObject().put("kid", keys.kid()))
        .setSubject(actor.id()).setExpiresInMinutes(ttl).setIssuer("grid-dispatch"));
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(Instant.now().plusSeconds(ttl * 60L), ZoneOffset.UTC);
    JsonObject user = actor.toJson().put("username", username);
    return new JsonObject().put("token", token).put("expiresAt", Json.time(expiresAt)).put("user", user);
  }

  /**
   * A token's actor, when the token expires (epoch seconds) and the token generation it was issued in.
   * Whether that generation is still the user's is {@link Revocations}' question.
   */
  public record Signed(Actor actor, long expiresAt, int generation) {}

  public Future<Actor> verify(String token) {
    return verifyWithExpiry(token).map(Signed::actor);
  }

  public Future<Signed> verifyWithExpiry(String token) {
    if (token == null || token.isBlank()) return Future.failedFuture(ApiError.unauthorized("A bearer token is required"));
    String kid = kidOf(token);
    boolean stranger = kid != null && !keys.knows(kid) && System.currentTimeMillis() - lastStrangerReload > RELOAD_AT_MOST_EVERY_MILLIS;
    if (stranger) lastStrangerReload = System.currentTimeMillis();
    return (stranger ? reload().otherwiseEmpty() : Future.<Void>succeededFuture())
        .compose(v -> jwt.authenticate(new TokenCredentials(token)))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("The token is invalid or has expired")))
        .map(user -> {
          JsonObject claims = user.principal();
          if (claims.getString("role") == null && user.attributes().containsKey("accessToken")) {
            claims = user.attributes().getJsonObject("accessToken");
          }
          return signed(claims, expiry(user.attributes(), claims));
        });
  }

  /** The claims as an actor; a token signed with our key but missing or garbling them is refused, never a 500. */
  private static Signed signed(JsonObject claims, long expiresAt) {
    try {
      Role role = Role.parse(text(claims, "role")).filter(r -> r != Role.SYSTEM).orElseThrow();
      String id = text(claims, "sub");
      if (id == null || id.isBlank()) throw new IllegalArgumentException("no subject");
      Object grids = claims.getValue("gridIds");
      if (grids != null && !(grids instanceof JsonArray a && a.stream().allMatch(String.class::isInstance))) {
        throw new IllegalArgumentException("bad grids");
      }
      Object gen = claims.getValue("gen", 0);
      if (!(gen instanceof Integer || gen instanceof Long)) throw new IllegalArgumentException("bad generation");
      return new Signed(new Actor(id, role, text(claims, "name"), Json.strings((JsonArray) grids), text(claims, "deptId")),
          expiresAt, ((Number) gen).intValue());
    } catch (RuntimeException e) {
      throw ApiError.unauthorized("The token is invalid or has expired");
    }
  }

  /** A claim that must be text when present. */
  private static String text(JsonObject claims, String name) {
    Object v = claims.getValue(name);
    if (v != null && !(v instanceof String)) throw new IllegalArgumentException(name + " is not text");
    return (String) v;
  }

  /** The kid in a token's header, or null (a token from before kids, or no JWT at all). */
  private static String kidOf(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) return null;
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return header.getValue("kid") instanceof String s ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The token's "exp", wherever this version of the JWT provider keeps it. */
  private static long expiry(JsonObject attributes, JsonObject claims) {
    for (JsonObject o : new JsonObject[] {attributes, claims, attributes.getJsonObject("accessToken", new JsonObject())}) {
      Object exp = o.getValue("exp");
      if (exp instanceof Number n) return n.longValue();
    }
    return Long.MAX_VALUE;
  }
}
