package org.griddispatch.web;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.JsonChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request and response plumbing shared by every route. */
public final class Http {
  private static final Logger log = LoggerFactory.getLogger(Http.class);

  private Http() {}

  /**
   * The body as a JSON object; anything else is a 400 in the contract's format. No body, and a JSON
   * {@code null} (what generated clients send for an optional body left out), read as {@code {}}.
   */
  public static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString("UTF-8");
    if (text == null || text.isBlank() || text.strip().equals("null")) return new JsonObject();
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (!(parsed instanceof JsonObject o)) throw ApiError.badRequest("malformed_json", "The body must be a JSON object");
      JsonObject bad = JsonChecks.problems(o);
      if (!bad.isEmpty()) throw ApiError.invalid(bad);
      return o;
    } catch (DecodeException e) {
      throw ApiError.badRequest("malformed_json", "The body is not valid JSON");
    }
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body instanceof JsonObject o ? o.encode()
            : body instanceof io.vertx.core.json.JsonArray a ? a.encode() : io.vertx.core.json.Json.encode(body));
  }

  /** Sends the future's value as 200 JSON, or its failure as an error. */
  public static void reply(RoutingContext ctx, Future<?> result) {
    reply(ctx, result, 200);
  }

  public static void reply(RoutingContext ctx, Future<?> result, int status) {
    result.onComplete(ar -> {
      if (ar.succeeded()) json(ctx, status, ar.result());
      else fail(ctx, ar.cause());
    });
  }

  public static void fail(RoutingContext ctx, Throwable failure) {
    ApiError error = ApiError.from(failure);
    if (error.status() == 503) log.warn("{} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString()); // expected while a dependency is down
    else if (error.status() >= 500) log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    if (ctx.response().ended()) return;
    if (error.retryAfterSeconds() != null) ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    json(ctx, error.status(), error.toJson(language(ctx)));
  }

  /** The language the caller's texts are answered in, from its {@code Accept-Language} (zh-CN by default, en). */
  public static String language(RoutingContext ctx) {
    return org.griddispatch.common.Translations.language(ctx.request().getHeader("Accept-Language"));
  }

  /** Wraps a handler so that a thrown ApiError becomes the answer. */
  public static io.vertx.core.Handler<RoutingContext> handle(io.vertx.core.Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (RuntimeException e) {
        fail(ctx, e);
      }
    };
  }

  public static String query(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** The page size of a listing, from {@code limit}: 1 to 200, 50 when not given; anything else is reported to {@code f}. */
  public static int pageLimit(org.griddispatch.common.Fields f, RoutingContext ctx) {
    String raw = query(ctx, "limit");
    if (raw == null) return 50;
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 200) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    f.error("limit", "a whole number from 1 to 200");
    return 50;
  }

  /** A required query parameter that must be a number within ±limit (a latitude or a longitude). */
  public static Double coordinate(org.griddispatch.common.Fields f, RoutingContext ctx, String name, double limit) {
    String raw = query(ctx, name);
    if (raw == null) {
      f.error(name, "required");
      return null;
    }
    try {
      double v = Double.parseDouble(raw);
      if (Double.isNaN(v) || v < -limit || v > limit) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      f.error(name, "must be a number between " + -limit + " and " + limit);
      return null;
    }
  }
}
