package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Web Push (RFC 8030) to the browsers of the message's recipient ({@code channel: push}, addressed by
 * their account): for each of their subscriptions, the message as JSON {@code {id, title, body,
 * ticketId, url, urgent}} encrypted for that browser ({@link WebPush#encrypt}, {@code aes128gcm}),
 * {@code POST} to its endpoint with the VAPID token, {@code TTL} and {@code Urgency} ({@code high} for
 * what is urgent, else {@code normal}). A push service that answers 404 or 410 no longer knows the
 * browser: its subscription is removed. The message went when one browser took it (or none is left);
 * when none took it and one failed, it is tried again later.
 */
final class WebPushSender implements Sender {
  private static final Logger log = LoggerFactory.getLogger(WebPushSender.class);

  private final Pool pool;
  private final VapidKeys keys;
  private final PushSettings settings;
  private final WebClient client;
  private final Templates templates;
  private final String language;

  WebPushSender(Vertx vertx, Pool pool, VapidKeys keys, PushSettings settings, Templates templates, String language) {
    this.pool = pool;
    this.keys = keys;
    this.settings = settings;
    this.templates = templates;
    this.language = language;
    // a push goes to the endpoint the browser gave and nowhere else
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent("grid-dispatch-push"));
  }

  private record Target(UUID id, String endpoint, byte[] p256dh, byte[] auth, String role) {}

  private enum Outcome { TAKEN, GONE, FAILED }

  @Override
  public Future<Void> send(Message m) {
    return pool.preparedQuery("SELECT s.id, s.endpoint, s.p256dh, s.auth, u.role FROM push_subscriptions s JOIN users u ON u.id = s.user_id"
            + " WHERE s.user_id = $1 ORDER BY s.created_at").execute(Tuple.of(m.to()))
        .compose(rows -> {
          List<Future<Outcome>> each = new ArrayList<>();
          for (Row r : rows) {
            Target t;
            try {
              t = new Target(r.getUUID("id"), r.getString("endpoint"), WebPush.unb64(r.getString("p256dh")),
                  WebPush.unb64(r.getString("auth")), r.getString("role"));
            } catch (IllegalArgumentException e) {
              continue; // checked when registered; never sent to if not
            }
            each.add(push(m, t));
          }
          return Future.join(each).transform(ar -> {
            long taken = each.stream().filter(f -> f.succeeded() && f.result() == Outcome.TAKEN).count();
            long failed = each.stream().filter(f -> f.failed() || f.result() == Outcome.FAILED).count();
            if (taken > 0 || failed == 0) return Future.<Void>succeededFuture();
            Throwable cause = each.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(null);
            return Future.failedFuture(cause != null ? cause.getMessage() : "no push service took it");
          });
        });
  }

  private Future<Outcome> push(Message m, Target t) {
    String problem = settings.check(t.endpoint());
    if (problem != null) return Future.failedFuture("endpoint refused: " + problem);
    boolean urgent = Pacing.urgent(m.template(), m.data());
    byte[] body = WebPush.encrypt(payload(m, t.role(), urgent).getBytes(StandardCharsets.UTF_8), t.p256dh(), t.auth());
    // the push service checks the token's expiry against the real time, whatever the node's clock says
    long expires = java.time.Instant.now().getEpochSecond() + 12 * 3600;
    return client.postAbs(t.endpoint()).timeout(settings.timeoutMillis())
        .putHeader("Authorization", WebPush.vapidAuthorization(t.endpoint(), keys.subject(), expires, keys.privateKey(), keys.publicRaw()))
        .putHeader("Content-Encoding", "aes128gcm")
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("TTL", String.valueOf(settings.ttlSeconds()))
        .putHeader("Urgency", urgent ? "high" : "normal")
        .sendBuffer(Buffer.buffer(body))
        .compose(res -> {
          int status = res.statusCode();
          if (status / 100 == 2) return Future.succeededFuture(Outcome.TAKEN);
          if (status == 404 || status == 410) {
            log.info("Push service no longer knows a browser of {} ({}): its subscription is removed", m.to(), status);
            return pool.preparedQuery("DELETE FROM push_subscriptions WHERE id = $1").execute(Tuple.of(t.id())).map(Outcome.GONE);
          }
          return Future.failedFuture("push service answered " + status);
        });
  }

  /** What the service worker shows: the title, the text, and where a tap leads (the ticket on the recipient's page). */
  String payload(Message m, String role, boolean urgent) {
    String title = templates.render("push_title", language, m.data());
    if ("push_title".equals(title)) title = "zh-CN".equals(language) ? "网格服务" : "Grid service";
    String page = switch (role) {
      case "grid_worker" -> "/worker";
      case "resident" -> "/";
      default -> "/center";
    };
    String url = m.ticketId() == null ? page : page + "#ticket=" + m.ticketId();
    String text = m.text();
    JsonObject p = new JsonObject().put("id", m.id()).put("title", title).put("body", text).put("ticketId", m.ticketId())
        .put("url", url).put("urgent", urgent);
    while (p.encode().getBytes(StandardCharsets.UTF_8).length > WebPush.MAX_PLAINTEXT && text.length() > 20) {
      text = text.substring(0, text.length() / 2) + "…"; // a record holds about 4 kB; a message's text never comes near it
      p.put("body", text);
    }
    return p.encode();
  }

  /** Web Push's settings ({@code notify.webPush}) and the rule of which endpoints a browser may give. */
  record PushSettings(long ttlSeconds, long timeoutMillis, boolean allowHttp, List<String> endpointHosts) {
    static final List<String> PUSH_SERVICES = List.of("fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com",
        "push.apple.com", "notify.windows.com");

    static PushSettings from(JsonObject config) {
      JsonObject c = config.getJsonObject("notify", new JsonObject()).getJsonObject("webPush", new JsonObject());
      JsonArray hosts = c.getJsonArray("endpointHosts");
      List<String> list = hosts == null ? PUSH_SERVICES : hosts.stream().map(String::valueOf).toList();
      return new PushSettings(c.getLong("ttlSeconds", 86_400L), c.getLong("timeoutMillis", 10_000L), c.getBoolean("allowHttp", false), list);
    }

    /**
     * Why the server will not post to this endpoint, or null: it must be an absolute {@code https} URL
     * (or {@code http} where allowed, for a test) of a known push service's host or a subdomain of one,
     * so that a browser's subscription cannot make the server call anything else.
     */
    String check(String endpoint) {
      java.net.URI u;
      try {
        u = java.net.URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        return "not a URL";
      }
      String scheme = u.getScheme();
      if (scheme == null || u.getHost() == null || u.getRawUserInfo() != null) return "not an absolute URL";
      if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) return "not https";
      String host = u.getHost().toLowerCase(java.util.Locale.ROOT);
      for (String h : endpointHosts) {
        if (host.equals(h) || host.endsWith("." + h)) return null;
      }
      return "not a known push service";
    }
  }
}
