package org.griddispatch.node;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API described for integrators: the OpenAPI 3.1 document of every {@code /api/v1} route and
 * the AsyncAPI 3.0 document of the WebSocket, both kept by hand in {@code src/main/resources/openapi},
 * served without a sign-in; and the reference page {@code /api/docs} that renders the first.
 */
final class ApiDocs {
  static final String OPENAPI = "openapi/openapi.json";
  static final String ASYNCAPI = "openapi/asyncapi.json";

  private final Buffer openapi = resource(OPENAPI);
  private final Buffer asyncapi = resource(ASYNCAPI);

  /** On the {@code /api/v1} router, before its authenticator. */
  void mountDocuments(Router api) {
    api.get("/openapi.json").handler(ctx -> send(ctx, openapi));
    api.get("/asyncapi.json").handler(ctx -> send(ctx, asyncapi));
  }

  /** The reference page (a static page of webroot with Swagger UI from its webjar). */
  static void mountPage(Router router) {
    router.get("/api/docs").handler(ctx -> ctx.reroute("/api-docs.html"));
  }

  private static void send(RoutingContext ctx, Buffer document) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").end(document);
  }

  private static Buffer resource(String name) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
