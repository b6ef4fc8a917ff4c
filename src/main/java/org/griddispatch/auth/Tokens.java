package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Issues and checks the JWTs; the actor's grids and department travel in the token. */
public final class Tokens {
  private final JWTAuth jwt;
  private final int staffTtlMinutes;
  private final int residentTtlMinutes;

  public Tokens(JWTAuth jwt, int staffTtlMinutes, int residentTtlMinutes) {
    this.jwt = jwt;
    this.staffTtlMinutes = staffTtlMinutes;
    this.residentTtlMinutes = residentTtlMinutes;
  }

  /** The login answer: {token, expiresAt, user}. */
  public JsonObject issue(Actor actor, String username) {
    int ttl = actor.role() == Role.RESIDENT ? residentTtlMinutes : staffTtlMinutes;
    JsonObject claims = new JsonObject()
        .put("role", actor.role().wire())
        .put("name", actor.name())
        .put("gridIds", new JsonArray(actor.gridIds()))
        .put("deptId", actor.deptId());
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm(JwtKeys.ALGORITHM)
        .setSubject(actor.id()).setExpiresInMinutes(ttl).setIssuer("grid-dispatch"));
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(Instant.now().plusSeconds(ttl * 60L), ZoneOffset.UTC);
    JsonObject user = actor.toJson().put("username", username);
    return new JsonObject().put("token", token).put("expiresAt", Json.time(expiresAt)).put("user", user);
  }

  public Future<Actor> verify(String token) {
    return verifyWithExpiry(token).map(Signed::actor);
  }

  /** The actor of a token and when the token expires (epoch seconds). */
  public record Signed(Actor actor, long expiresAt) {}

  /** The token's "exp", wherever this version of the JWT provider keeps it. */
  private static long expiry(JsonObject attributes, JsonObject claims) {
    for (JsonObject o : new JsonObject[] {attributes, claims, attributes.getJsonObject("accessToken", new JsonObject())}) {
      Object exp = o.getValue("exp");
      if (exp instanceof Number n) return n.longValue();
    }
    return Long.MAX_VALUE;
  }

  public Future<Signed> verifyWithExpiry(String token) {
    if (token == null || token.isBlank()) return Future.failedFuture(ApiError.unauthorized("A bearer token is required"));
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("The token is invalid or has expired")))
        .map(user -> {
          JsonObject claims = user.principal();
          if (claims.getString("role") == null && user.attributes().containsKey("accessToken")) {
            claims = user.attributes().getJsonObject("accessToken");
          }
          return new Signed(new Actor(claims.getString("sub"), Role.parse(claims.getString("role")).orElseThrow(),
              claims.getString("name"), Json.strings(claims.getJsonArray("gridIds")), claims.getString("deptId")),
              expiry(user.attributes(), claims));
        });
  }
}
