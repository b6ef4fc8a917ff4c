package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.common.ApiError;
import org.griddispatch.http.Http;

/**
 * Puts the {@link Actor} on the routing context: from {@code Authorization: Bearer <JWT>}, or for an
 * integration account from {@code X-Api-Key}. Anything else is a 401.
 */
public final class Authenticator implements Handler<RoutingContext> {
  private final Tokens tokens;
  private final UserStore users;

  public Authenticator(Tokens tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    resolve(ctx.request().getHeader("Authorization"), ctx.request().getHeader("X-Api-Key"))
        .onSuccess(actor -> {
          ctx.put(Actor.CONTEXT_KEY, actor);
          ctx.next();
        })
        .onFailure(e -> Http.fail(ctx, e));
  }

  public Future<Actor> resolve(String authorization, String apiKey) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verify(authorization.substring(7).strip());
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return users.byApiKey(apiKey.strip()).compose(u -> u.filter(x -> x.role() == Role.INTEGRATION)
          .map(x -> Future.succeededFuture(x.actor()))
          .orElseGet(() -> Future.failedFuture(ApiError.unauthorized("Unknown API key"))));
    }
    return Future.failedFuture(ApiError.unauthorized("Sign in first: send Authorization: Bearer <token>"));
  }
}
