package org.griddispatch.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every answer carries, pages, API, files and errors alike: a Content-Security-Policy
 * that allows the pages' own scripts, styles and connections and nothing inline or foreign (but the
 * configured map tiles), no framing, no type sniffing, no referrer beyond the origin, and HSTS once
 * the request came over TLS (at nginx, per {@link ClientOrigin}). Runs after {@link ClientOrigin}.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  /** A year, as browsers' preload lists expect; only ever sent over TLS, where it means something. */
  static final String HSTS = "max-age=31536000";

  private final String policy;

  public SecurityHeaders(JsonObject config) {
    this.policy = policy(config.getJsonObject("map", new JsonObject()).getString("tileUrl"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", policy)
        .set("X-Frame-Options", "DENY")
        .set("X-Content-Type-Options", "nosniff")
        // map tile servers may ask who is showing their tiles: the origin, never a page's path or query
        .set("Referrer-Policy", "strict-origin");
    if (ClientOrigin.secure(ctx)) headers.set("Strict-Transport-Security", HSTS);
    ctx.next();
  }

  /** The pages' policy; tiles from {@code tileUrl}'s origin when one is configured. */
  static String policy(String tileUrl) {
    String tiles = tileSource(tileUrl);
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + (tiles == null ? "" : " " + tiles)
        + "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /**
   * A Leaflet URL template's origin as a CSP source: {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}
   * becomes {@code https://*.tile.example.org}; a placeholder elsewhere in the host allows the scheme;
   * a path on this server needs nothing beyond 'self'.
   */
  static String tileSource(String tileUrl) {
    if (tileUrl == null || tileUrl.isBlank()) return null;
    // "//host/…" takes the page's scheme; a source without a scheme does the same
    int schemeEnd = tileUrl.startsWith("//") ? 0 : tileUrl.indexOf("://");
    if (schemeEnd < 0 || tileUrl.startsWith("/") && schemeEnd != 0) return null;
    String scheme = tileUrl.substring(0, schemeEnd).toLowerCase();
    if (!scheme.isEmpty() && !scheme.matches("[a-z][a-z0-9+.-]*")) return null;
    int hostStart = tileUrl.indexOf("//") + 2;
    int hostEnd = tileUrl.indexOf('/', hostStart);
    String host = tileUrl.substring(hostStart, hostEnd < 0 ? tileUrl.length() : hostEnd);
    if (host.matches("\\{[^}]*}\\.[^{}]+")) host = "*" + host.substring(host.indexOf('}') + 1);
    String prefix = scheme.isEmpty() ? "" : scheme + "://";
    // a plain host (and port) goes into the policy as it is; anything else could break the policy's syntax
    if (host.matches("(\\*\\.)?[A-Za-z0-9.-]+(:\\d{1,5})?")) return prefix + host;
    return scheme.isEmpty() ? "https:" : scheme + ":";
  }
}
