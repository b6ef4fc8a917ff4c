package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The application server's VAPID key pair (ES256, P-256): the public half is what the pages subscribe
 * with ({@code applicationServerKey}), the private half signs every push's token. The operator's, when
 * {@code notify.webPush.publicKey} and {@code privateKey} are set (DISPATCH_VAPID_PUBLIC_KEY,
 * DISPATCH_VAPID_PRIVATE_KEY: base64url, as {@code web-push generate-vapid-keys} prints them); else the
 * database's, made by the first node that needs it and read by every other, so a subscription made
 * through one node is pushed to by any.
 */
public record VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey, String subject) {
  /** Nodes that start together make one pair between them. */
  private static final long CREATE_LOCK = 0x76617069L;

  /** The public key as the pages hand it to {@code pushManager.subscribe}: base64url of the point. */
  public String publicKeyText() { return WebPush.b64(WebPush.raw(publicKey)); }

  public byte[] publicRaw() { return WebPush.raw(publicKey); }

  public static Future<VapidKeys> load(Pool pool, JsonObject config) {
    JsonObject c = config.getJsonObject("notify", new JsonObject()).getJsonObject("webPush", new JsonObject());
    String subject = c.getString("subject", "mailto:admin@localhost");
    if (!subject.startsWith("mailto:") && !subject.startsWith("https:")) {
      return Future.failedFuture(new IllegalArgumentException("The VAPID subject (DISPATCH_VAPID_SUBJECT) is a mailto: or https: address"));
    }
    String pub = c.getString("publicKey");
    String priv = c.getString("privateKey");
    if (pub != null || priv != null) {
      try {
        return Future.succeededFuture(of(pub, priv, subject));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(CREATE_LOCK))
        .compose(v -> conn.query("SELECT public_key, private_key FROM vapid_keys WHERE id = 1").execute())
        .compose(rows -> {
          if (rows.size() > 0) {
            Row r = rows.iterator().next();
            return Future.succeededFuture(of(r.getString("public_key"), r.getString("private_key"), subject));
          }
          KeyPair made = WebPush.generate();
          VapidKeys keys = new VapidKeys((ECPublicKey) made.getPublic(), (ECPrivateKey) made.getPrivate(), subject);
          return conn.preparedQuery("INSERT INTO vapid_keys (public_key, private_key) VALUES ($1, $2)")
              .execute(Tuple.of(keys.publicKeyText(), WebPush.b64(WebPush.raw(keys.privateKey())))).map(keys);
        }));
  }

  /** The operator's pair, checked: both halves, each well formed, and belonging together. */
  static VapidKeys of(String publicKey, String privateKey, String subject) {
    if (publicKey == null || privateKey == null || publicKey.isBlank() || privateKey.isBlank()) {
      throw new IllegalArgumentException("Web Push needs both DISPATCH_VAPID_PUBLIC_KEY and DISPATCH_VAPID_PRIVATE_KEY, or neither");
    }
    ECPublicKey pub;
    ECPrivateKey priv;
    try {
      pub = WebPush.publicKey(WebPush.unb64(publicKey));
      priv = WebPush.privateKey(WebPush.unb64(privateKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The VAPID keys are not a base64url P-256 pair: " + e.getMessage(), e);
    }
    if (!WebPush.pair(priv, pub)) throw new IllegalArgumentException("The VAPID public key does not belong to the private key");
    return new VapidKeys(pub, priv, subject);
  }
}
