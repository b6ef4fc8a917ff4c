package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.common.ApiError;
import org.griddispatch.web.Http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Puts the {@link Actor} on the routing context: from {@code Authorization: Bearer <JWT>}, or for an
 * integration account from {@code X-Api-Key}. Anything else is a 401.
 */
public final class Authenticator implements Handler<RoutingContext> {
  /**
   * How long a checked API key is believed without asking the database again. Integration systems
   * file many requests a second with one key; a key replaced stops working within this time, a
   * deactivated account within a second ({@link Revocations}).
   */
  static final long API_KEY_TRUST_NANOS = TimeUnit.SECONDS.toNanos(10);

  private record Trusted(Actor actor, long until) {}

  private final Tokens tokens;
  private final UserStore users;
  private final Revocations revocations;
  private final Map<String, Trusted> apiKeys = new ConcurrentHashMap<>(); // only keys that were valid: bounded by accounts

  public Authenticator(Tokens tokens, UserStore users, Revocations revocations) {
    this.tokens = tokens;
    this.users = users;
    this.revocations = revocations;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // a photo's body is read only after its sender is known, and knowing takes a database round trip:
    // the body waits (the body handler that follows resumes it)
    boolean waiting = !ctx.request().isEnded();
    if (waiting) ctx.request().pause();
    resolve(ctx.request().getHeader("Authorization"), ctx.request().getHeader("X-Api-Key"))
        .onSuccess(actor -> {
          ctx.put(Actor.CONTEXT_KEY, actor);
          ctx.next();
        })
        .onFailure(e -> {
          if (waiting) ctx.request().resume();
          Http.fail(ctx, e);
        });
  }

  public Future<Actor> resolve(String authorization, String apiKey) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verifyWithExpiry(authorization.substring(7).strip())
          .compose(signed -> revocations.check(signed.actor(), signed.generation()));
    }
    if (apiKey != null && !apiKey.isBlank()) {
      String key = apiKey.strip();
      Trusted trusted = apiKeys.get(key);
      if (trusted != null && trusted.until() - System.nanoTime() > 0) {
        return revocations.check(trusted.actor(), Revocations.ANY_GENERATION);
      }
      return users.byApiKey(key).compose(u -> u.filter(x -> x.role() == Role.INTEGRATION)
          .map(x -> {
            apiKeys.put(key, new Trusted(x.actor(), System.nanoTime() + API_KEY_TRUST_NANOS));
            return Future.succeededFuture(x.actor());
          })
          .orElseGet(() -> {
            apiKeys.remove(key);
            return Future.failedFuture(ApiError.unauthorized("Unknown API key"));
          }));
    }
    return Future.failedFuture(ApiError.unauthorized("Sign in first: send Authorization: Bearer <token>"));
  }
}
