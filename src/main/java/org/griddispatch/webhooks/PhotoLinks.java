package org.griddispatch.webhooks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The photos of a 回单 as links a receiver can fetch without an account for a while:
 * {@code <publicUrl>/webhook-photos/<webhookId>/<attachmentId>?expires=<epoch seconds>&signature=<hex>},
 * the signature the subscription's own HMAC-SHA256 of {@code webhookId/attachmentId/expires}. Only
 * that subscription's secret makes one, so deleting the subscription ends its links, and a link
 * cannot be changed to another photo or a later expiry.
 */
final class PhotoLinks {
  private final String publicUrl;
  private final long validSeconds;

  PhotoLinks(String publicUrl, long validSeconds) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.validSeconds = validSeconds;
  }

  static PhotoLinks from(JsonObject config) {
    JsonObject c = config.getJsonObject("webhooks", new JsonObject());
    String base = config.getString("publicUrl");
    return new PhotoLinks(base != null ? base : "http://localhost:" + config.getInteger("httpPort"),
        c.getLong("photoLinkSeconds", 7 * 24 * 3600L));
  }

  /** A photo's entry in a delivery: {id, contentType, size, url, expiresAt}. */
  JsonObject entry(UUID webhookId, String secret, UUID attachmentId, String contentType, int size, Instant now) {
    long expires = now.getEpochSecond() + validSeconds;
    return new JsonObject().put("id", attachmentId.toString()).put("contentType", contentType).put("size", size)
        .put("url", publicUrl + "/webhook-photos/" + webhookId + "/" + attachmentId + "?expires=" + expires
            + "&signature=" + signature(secret, webhookId, attachmentId, expires))
        .put("expiresAt", Instant.ofEpochSecond(expires).toString());
  }

  static String signature(String secret, UUID webhookId, UUID attachmentId, long expires) {
    return Signature.of(secret, Buffer.buffer(webhookId + "/" + attachmentId + "/" + expires)).substring(Signature.PREFIX.length());
  }

  /** Whether a link's signature is the one its subscription's secret makes (in constant time). */
  static boolean valid(String secret, UUID webhookId, UUID attachmentId, long expires, String given) {
    return given != null && MessageDigest.isEqual(signature(secret, webhookId, attachmentId, expires).getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }
}
