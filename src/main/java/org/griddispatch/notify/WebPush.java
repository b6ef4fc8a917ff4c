package org.griddispatch.notify;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Web Push's cryptography with the JDK alone: P-256 keys in the forms browsers and push services
 * use (a public key as its 65-byte uncompressed point, a private one as its 32-byte scalar, both
 * base64url), a message's encryption for one subscription (RFC 8291: ECDH with a key pair made for
 * the message, HKDF-SHA-256 from the subscription's auth secret, then the single-record
 * {@code aes128gcm} content coding of RFC 8188), and the application server's VAPID token
 * (RFC 8292: an ES256 JWT for the push service's origin, sent as {@code Authorization: vapid t=…, k=…}).
 */
public final class WebPush {
  private WebPush() {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /** The record size announced in the header: one record holds the whole message. */
  static final int RECORD_SIZE = 4096;
  /** The most plaintext one record takes (its size less the padding delimiter and the tag). */
  public static final int MAX_PLAINTEXT = 3993;

  public static String b64(byte[] bytes) { return B64.encodeToString(bytes); }

  /** base64url with or without padding (browsers give either); throws IllegalArgumentException on anything else. */
  public static byte[] unb64(String text) {
    String t = text.trim().replace('+', '-').replace('/', '_');
    while (t.endsWith("=")) t = t.substring(0, t.length() - 1);
    return Base64.getUrlDecoder().decode(t);
  }

  static ECParameterSpec p256() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is not available", e);
    }
  }

  /** The uncompressed point {@code 04 || x || y} (65 bytes). */
  public static byte[] raw(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    fixed(key.getW().getAffineX(), out, 1);
    fixed(key.getW().getAffineY(), out, 33);
    return out;
  }

  /** The private scalar as 32 bytes. */
  public static byte[] raw(ECPrivateKey key) {
    byte[] out = new byte[32];
    fixed(key.getS(), out, 0);
    return out;
  }

  private static void fixed(BigInteger n, byte[] out, int at) {
    byte[] b = n.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, at + 32 - len, len);
  }

  /** A public key from its uncompressed point; IllegalArgumentException when it is not one on P-256. */
  public static ECPublicKey publicKey(byte[] raw) {
    if (raw.length != 65 || raw[0] != 4) throw new IllegalArgumentException("not an uncompressed P-256 point");
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a point on P-256", e);
    }
  }

  public static ECPrivateKey privateKey(byte[] raw) {
    if (raw.length != 32) throw new IllegalArgumentException("a P-256 private key is 32 bytes");
    try {
      return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, raw), p256()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 private key", e);
    }
  }

  /** Whether the two halves belong together (a signature by one verifies with the other). */
  static boolean pair(ECPrivateKey priv, ECPublicKey pub) {
    try {
      byte[] probe = "vapid-pair".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(priv);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The body of a push message for a subscription (its {@code p256dh} point and 16-byte {@code auth}
   * secret): {@code salt(16) || rs(4) || idlen(1) || as_public(65) || AES-128-GCM(plaintext || 0x02)}.
   */
  public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
    return encrypt(plaintext, uaPublic, authSecret, generate(), salt());
  }

  static byte[] salt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** The same with the message's key pair and salt given (RFC 8291's example fixes both). */
  static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair asKeys, byte[] salt) {
    if (plaintext.length > MAX_PLAINTEXT) throw new IllegalArgumentException("a push message holds at most " + MAX_PLAINTEXT + " bytes");
    if (authSecret.length != 16) throw new IllegalArgumentException("the auth secret is 16 bytes");
    try {
      byte[] asPublic = raw((ECPublicKey) asKeys.getPublic());
      KeyAgreement ka = KeyAgreement.getInstance("ECDH");
      ka.init(asKeys.getPrivate());
      ka.doPhase(publicKey(uaPublic), true);
      byte[] ecdhSecret = ka.generateSecret();
      byte[][] keys = contentKeys(ecdhSecret, authSecret, uaPublic, asPublic, salt);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[0], "AES"), new GCMParameterSpec(128, keys[1]));
      byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
      padded[plaintext.length] = 2; // the last (and only) record's delimiter
      byte[] sealed = c.doFinal(padded);
      ByteBuffer out = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + sealed.length);
      out.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic).put(sealed);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Web Push encryption failed", e);
    }
  }

  /**
   * The content encryption key (16 bytes) and nonce (12) of RFC 8291 section 3.4 and RFC 8188
   * section 2.2, from the ECDH secret, the auth secret, both public keys and the salt. The user
   * agent's side derives the same from its own private key.
   */
  public static byte[][] contentKeys(byte[] ecdhSecret, byte[] authSecret, byte[] uaPublic, byte[] asPublic, byte[] salt) {
    ByteArrayOutputStream keyInfo = new ByteArrayOutputStream();
    keyInfo.writeBytes("WebPush: info".getBytes(StandardCharsets.US_ASCII));
    keyInfo.write(0);
    keyInfo.writeBytes(uaPublic);
    keyInfo.writeBytes(asPublic);
    byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo.toByteArray(), 32);
    byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    return new byte[][] {cek, nonce};
  }

  /** HKDF-SHA-256 (RFC 5869) for at most one hash's length of output. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = hmac(salt, ikm);
    byte[] t = hmac(prk, concat(info, new byte[] {1}));
    return Arrays.copyOf(t, length);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The push service's origin, the VAPID token's audience: scheme, host and any explicit port. */
  public static String audience(String endpoint) {
    URI u = URI.create(endpoint);
    return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
  }

  /**
   * {@code vapid t=<ES256 JWT {aud, exp, sub}>, k=<public key>}: the application server's proof to
   * the push service (RFC 8292), valid until {@code expiresAtSeconds} (at most 24 hours ahead).
   */
  public static String vapidAuthorization(String endpoint, String subject, long expiresAtSeconds, ECPrivateKey key, byte[] publicRaw) {
    String header = b64("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
    String claims = b64(new io.vertx.core.json.JsonObject().put("aud", audience(endpoint)).put("exp", expiresAtSeconds)
        .put("sub", subject).encode().getBytes(StandardCharsets.UTF_8));
    String signed = header + "." + claims;
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format"); // r || s, as JWS wants it
      s.initSign(key);
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      return "vapid t=" + signed + "." + b64(s.sign()) + ", k=" + b64(publicRaw);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 is not available", e);
    }
  }
}
