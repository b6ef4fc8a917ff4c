package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Posts each message to an SMS or WeChat gateway ({@code notify.http.url}) as JSON
 * {@code {id, channel, to, template, text, data}}, with {@code Authorization: Bearer <notify.http.token>}
 * when one is set; any 2xx means the gateway took it, anything else is tried again later. The
 * gateway dedupes by {@code id} (a message may come twice after a node's death). Redirects are not
 * followed: messages go to the configured address only.
 */
final class HttpSender implements Sender {
  private final WebClient client;
  private final String url;
  private final String token;
  private final long timeoutMillis;

  HttpSender(Vertx vertx, JsonObject http) {
    this.url = http.getString("url");
    if (url == null || url.isBlank()) throw new IllegalArgumentException("notify.http.url is required for the http sender");
    this.token = http.getString("token");
    this.timeoutMillis = http.getLong("timeoutMillis", 10_000L);
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  @Override
  public Future<Void> send(Message m) {
    var request = client.postAbs(url).timeout(timeoutMillis);
    if (token != null && !token.isBlank()) request.bearerTokenAuthentication(token);
    return request.sendJsonObject(new JsonObject().put("id", m.id()).put("channel", m.channel()).put("to", m.to())
            .put("template", m.template()).put("text", m.text()).put("data", m.data()))
        .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture("gateway answered " + r.statusCode()));
  }
}
