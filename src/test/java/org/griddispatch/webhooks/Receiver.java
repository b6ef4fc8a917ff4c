package org.griddispatch.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1: records every request with its answer, checks each
 * signature with its own HMAC, answers 500 to the first {@code failFirst} requests, and leaves
 * requests unanswered while {@code hang} is set.
 */
final class Receiver implements AutoCloseable {
  record Got(String deliveryId, JsonObject body, int answered, boolean signed) {
    int seq() { return body.getJsonObject("event").getInteger("seq"); }
    String ticketId() { return body.getJsonObject("ticket").getString("id"); }
  }

  final List<Got> got = new CopyOnWriteArrayList<>();
  volatile int failFirst;
  volatile boolean hang;
  private final AtomicInteger seen = new AtomicInteger();
  private final String secret;
  private final HttpServer server;

  Receiver(Vertx vertx, String secret) {
    this.secret = secret;
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  String url() { return "http://127.0.0.1:" + server.actualPort() + "/hook"; }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(raw -> {
      if (hang) return; // never answered: the sender's timeout or its death ends it
      int status = seen.incrementAndGet() <= failFirst ? 500 : 200;
      boolean signed = sign(raw.getBytes()).equals(req.getHeader("X-Grid-Dispatch-Signature"));
      got.add(new Got(req.getHeader("X-Grid-Dispatch-Delivery"), new JsonObject(raw), status, signed));
      req.response().setStatusCode(status).end();
    });
  }

  String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What was taken (2xx), in arrival order. */
  List<Got> accepted() { return got.stream().filter(g -> g.answered() == 200).toList(); }

  @Override
  public void close() { server.close().await(); }
}
