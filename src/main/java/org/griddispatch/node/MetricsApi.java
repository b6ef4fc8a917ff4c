package org.griddispatch.node;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.griddispatch.auth.Authenticator;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.web.Http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * GET /metrics, the Prometheus text, for {@code Authorization: Bearer} with an admin's token or the
 * scrape token ({@code metricsToken}, env {@code DISPATCH_METRICS_TOKEN}): the figures tell traffic,
 * users and load of the whole node, so they are not for everyone.
 */
final class MetricsApi {
  private final Authenticator authenticator;
  private final byte[] scrapeTokenHash;
  private final Handler<RoutingContext> scrape;

  MetricsApi(Authenticator authenticator, String scrapeToken, String registryName) {
    this.authenticator = authenticator;
    this.scrapeTokenHash = scrapeToken == null || scrapeToken.isBlank() ? null : hash(scrapeToken.strip());
    this.scrape = PrometheusScrapingHandler.create(registryName);
  }

  void mount(Router router) {
    router.get("/metrics").handler(this::admit).handler(scrape);
  }

  private void admit(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Http.fail(ctx, ApiError.unauthorized("Send Authorization: Bearer with an admin's token or the metrics scrape token"));
      return;
    }
    // hashes compared in constant time: the comparison tells nothing about how much of a guess was right
    if (scrapeTokenHash != null && MessageDigest.isEqual(scrapeTokenHash, hash(authorization.substring(7).strip()))) {
      ctx.next();
      return;
    }
    authenticator.resolve(authorization, null).onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else if (!ar.result().has(Role.ADMIN)) Http.fail(ctx, ApiError.forbidden("Only an admin or the scrape token reads the metrics"));
      else ctx.next();
    });
  }

  private static byte[] hash(String token) {
    return Passwords.sha256(token).getBytes(StandardCharsets.US_ASCII);
  }
}
