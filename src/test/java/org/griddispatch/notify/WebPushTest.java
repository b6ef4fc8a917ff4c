package org.griddispatch.notify;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Web Push end to end against a real local push service: a resident's browser (the test holds its
 * P-256 key pair and auth secret, as a user agent does) subscribes; the ticket's "accepted" reaches the
 * push service as a POST whose VAPID token verifies with the key the pages are given and whose body,
 * decrypted here per RFC 8291 with the browser's private key, is the message's text; an urgent
 * ticket's goes with {@code Urgency: high}; a 410 ends the subscription. Registering is for grid
 * workers and residents, each for their own subscriptions only, and bad input changes nothing.
 */
@ExtendWith(VertxExtension.class)
class WebPushTest {
  static final TestClock clock = new TestClock();
  static final List<Received> received = new CopyOnWriteArrayList<>();
  /** What the push service answers per path; 201 when not set. */
  static final Map<String, Integer> answers = new ConcurrentHashMap<>();
  static HttpServer pushService;
  static Server node;
  static Api api;
  static Db db;
  static Vertx vertx;

  record Received(String path, MultiMap headers, Buffer body) {}

  /** A browser: its key pair and auth secret, and the endpoint its push service gave it. */
  record Browser(KeyPair keys, byte[] auth, String endpoint) {
    JsonObject subscription() {
      return new JsonObject().put("endpoint", endpoint).put("expirationTime", null).put("keys", new JsonObject()
          .put("p256dh", b64(raw((ECPublicKey) keys.getPublic()))).put("auth", b64(auth)));
    }
  }

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    pushService = v.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(new Received(req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b));
      req.response().setStatusCode(answers.getOrDefault(req.path(), 201)).end();
    })).listen(0, "127.0.0.1").await();
    // no quiet hours: every message goes at once
    node = TestNode.start(TestData.directory("dispatch-webpush-"), new JsonObject().put("notify", new JsonObject()
        .put("pollMillis", 100).put("quietHours", new JsonObject().put("from", "00:00").put("to", "00:00"))
        .put("webPush", new JsonObject().put("endpointHosts", new io.vertx.core.json.JsonArray().add("127.0.0.1"))
            .put("allowHttp", true).put("subject", "mailto:ops@example.gov.cn").put("ttlSeconds", 7200))), clock);
    api = new Api(v, node.port());
    db = new Db(v, node.pgUri());
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
    pushService.close().await();
  }

  static void await(BooleanSupplier done) {
    long until = System.currentTimeMillis() + 20_000;
    while (!done.getAsBoolean() && System.currentTimeMillis() < until) vertx.timer(100).await();
    assertThat(done.getAsBoolean()).as("within 20 s").isTrue();
  }

  static Browser browser(String name) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    return new Browser(g.generateKeyPair(), auth, "http://127.0.0.1:" + pushService.actualPort() + "/push/" + name);
  }

  static String file(String phone, String category, String grid) {
    JsonObject p = Points.of(grid);
    return api.file(phone, Api.report(category, p.getDouble("lat"), p.getDouble("lon"), "楼下 " + category)).getString("id");
  }

  static String worker(String ticketId) {
    return api.login(api.usernameOf(api.get("/api/v1/tickets/" + ticketId, api.login("dispatcher")).json().getString("assigneeId")));
  }

  static List<Received> at(Browser b) {
    String path = b.endpoint().substring(b.endpoint().indexOf("/push/"));
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void aResidentsBrowserGetsTheMessageSignedAndEncryptedForItAlone() throws Exception {
    String phone = "13800000951";
    String token = api.resident(phone);
    String publicKey = api.get("/api/v1/push/key", token).json().getString("publicKey");
    assertThat(unb64(publicKey)).hasSize(65);
    assertThat(api.get("/api/v1/push/key", api.login("worker-sgj-01")).json().getString("publicKey")).isEqualTo(publicKey);

    Browser phoneBrowser = browser("resident-951");
    Api.Response created = api.post("/api/v1/push/subscriptions", token, phoneBrowser.subscription());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    // the same browser again (the page subscribes on every visit): the same subscription, not a second one
    Api.Response again = api.post("/api/v1/push/subscriptions", token, phoneBrowser.subscription());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getString("id")).isEqualTo(created.json().getString("id"));
    assertThat(api.get("/api/v1/push/subscriptions", token).json().getJsonArray("items")).hasSize(1);

    String ticket = file(phone, "garbage", "sgj-01");
    assertThat(api.act(ticket, "accept", worker(ticket), null).status()).isEqualTo(200);
    await(() -> at(phoneBrowser).size() == 1);
    Received push = at(phoneBrowser).get(0);

    // the VAPID token: ES256 by the key the pages were given, for this push service's origin
    String authorization = push.headers().get("Authorization");
    assertThat(authorization).startsWith("vapid t=");
    String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
    String k = authorization.substring(authorization.indexOf("k=") + 2).trim();
    assertThat(k).isEqualTo(publicKey);
    String[] parts = jwt.split("\\.");
    assertThat(new JsonObject(new String(unb64(parts[0]), StandardCharsets.UTF_8)).getString("alg")).isEqualTo("ES256");
    Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
    verify.initVerify(publicKey(unb64(k)));
    verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verify.verify(unb64(parts[2]))).as("the VAPID signature verifies with the public key").isTrue();
    JsonObject claims = new JsonObject(new String(unb64(parts[1]), StandardCharsets.UTF_8));
    assertThat(claims.getString("aud")).isEqualTo("http://127.0.0.1:" + pushService.actualPort());
    assertThat(claims.getString("sub")).isEqualTo("mailto:ops@example.gov.cn");
    long now = Instant.now().getEpochSecond();
    assertThat(claims.getLong("exp")).isGreaterThan(now).isLessThanOrEqualTo(now + 24 * 3600);

    assertThat(push.headers().get("Content-Encoding")).isEqualTo("aes128gcm");
    assertThat(push.headers().get("TTL")).isEqualTo("7200");
    assertThat(push.headers().get("Urgency")).isEqualTo("normal");

    // the body opens with the browser's private key and auth secret, and is the message
    JsonObject message = new JsonObject(new String(decrypt(push.body().getBytes(), phoneBrowser), StandardCharsets.UTF_8));
    String number = api.get("/api/v1/tickets/" + ticket, api.login("dispatcher")).json().getString("number");
    assertThat(message.getString("body")).contains(number).contains("受理");
    assertThat(message.getString("title")).isEqualTo("网格服务");
    assertThat(message.getString("ticketId")).isEqualTo(ticket);
    assertThat(message.getString("url")).isEqualTo("/#ticket=" + ticket);
    assertThat(message.getBoolean("urgent")).isFalse();
    // the message went on both channels; the push is listed by the account, the SMS by the masked number
    await(() -> db.count("SELECT count(*) FROM notifications WHERE ticket_id = $1::uuid AND template = 'ticket_accepted'"
        + " AND status = 'sent'", ticket) == 2);

    // an urgent ticket's message asks the push service to hurry
    String leak = file(phone, "gas_leak", "sgj-02");
    assertThat(api.act(leak, "accept", worker(leak), null).status()).isEqualTo(200);
    await(() -> at(phoneBrowser).size() == 2);
    Received urgent = at(phoneBrowser).get(1);
    assertThat(urgent.headers().get("Urgency")).isEqualTo("high");
    assertThat(new JsonObject(new String(decrypt(urgent.body().getBytes(), phoneBrowser), StandardCharsets.UTF_8)).getBoolean("urgent")).isTrue();

    // the browser is gone: the push service answers 410 and the subscription ends
    answers.put("/push/resident-951", 410);
    assertThat(api.act(ticket, "resolve", worker(ticket), new JsonObject().put("note", "已清运")).status()).isEqualTo(200);
    await(() -> at(phoneBrowser).size() == 3);
    await(() -> api.get("/api/v1/push/subscriptions", token).json().getJsonArray("items").isEmpty());
    await(() -> db.count("SELECT count(*) FROM notifications WHERE ticket_id = $1::uuid AND template = 'ticket_resolved'"
        + " AND channel = 'push' AND status = 'sent'", ticket) == 1);
  }

  @Test
  void onlyWorkersAndResidentsRegisterAndEachOnlyTheirOwn() throws Exception {
    String mine = api.resident("13800000952");
    String theirs = api.resident("13800000953");
    Browser b = browser("resident-952");
    String dispatcher = api.login("dispatcher");
    long before = db.count("SELECT count(*) FROM push_subscriptions");

    // the wrong role
    assertThat(api.post("/api/v1/push/subscriptions", dispatcher, b.subscription()).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/push/key", dispatcher).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/push/subscriptions", api.login("admin")).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/push/key", null).status()).isEqualTo(401);

    // bad input: refused with the field, nothing stored
    JsonObject notPush = b.subscription().put("endpoint", "https://intranet.example/hook");
    JsonObject plainHttp = b.subscription().put("endpoint", "ftp://127.0.0.1/x");
    JsonObject badKey = b.subscription().put("keys", new JsonObject().put("p256dh", b64(new byte[65])).put("auth", b64(b.auth())));
    JsonObject shortAuth = b.subscription().put("keys", b.subscription().getJsonObject("keys").copy().put("auth", b64(new byte[8])));
    JsonObject noKeys = b.subscription();
    noKeys.remove("keys");
    JsonObject unknown = b.subscription().put("user", "someone");
    for (var bad : List.of(Map.entry(notPush, "endpoint"), Map.entry(plainHttp, "endpoint"), Map.entry(badKey, "keys.p256dh"),
        Map.entry(shortAuth, "keys.auth"), Map.entry(noKeys, "keys"), Map.entry(unknown, "user"))) {
      Api.Response r = api.post("/api/v1/push/subscriptions", mine, bad.getKey());
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.json().getJsonObject("error").getJsonObject("fields").containsKey(bad.getValue())).as(r.toString()).isTrue();
    }
    assertThat(db.count("SELECT count(*) FROM push_subscriptions")).isEqualTo(before);

    // someone else's subscription is not theirs to see or end
    String id = api.post("/api/v1/push/subscriptions", mine, b.subscription()).json().getString("id");
    assertThat(api.get("/api/v1/push/subscriptions", theirs).json().getJsonArray("items")).isEmpty();
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/push/subscriptions/" + id, theirs, null, null).status()).isEqualTo(404);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/push/subscriptions/" + id, dispatcher, null, null).status()).isEqualTo(403);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/push/subscriptions/not-an-id", mine, null, null).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/push/subscriptions", mine).json().getJsonArray("items")).hasSize(1);

    // a grid worker registers their terminal; the owner ends their own
    Browser terminal = browser("worker-sgj-03");
    String worker = api.login("worker-sgj-03");
    assertThat(api.post("/api/v1/push/subscriptions", worker, terminal.subscription()).status()).isEqualTo(201);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/push/subscriptions/" + id, mine, null, null).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/push/subscriptions", mine).json().getJsonArray("items")).isEmpty();
    assertThat(api.get("/api/v1/push/subscriptions", worker).json().getJsonArray("items")).hasSize(1);
  }

  // ---- the user agent's side of RFC 8291, written from the RFC, apart from the server's --------------

  /** Opens a push message's body with the browser's private key and auth secret. */
  static byte[] decrypt(byte[] body, Browser b) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int rs = in.getInt();
    assertThat(rs).isGreaterThanOrEqualTo(body.length - 16 - 4 - 1 - 65);
    byte[] asPublic = new byte[in.get() & 0xff];
    in.get(asPublic);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(b.keys().getPrivate());
    ka.doPhase(publicKey(asPublic), true);
    byte[] ecdh = ka.generateSecret();
    byte[] uaPublic = raw((ECPublicKey) b.keys().getPublic());
    byte[] prkKey = hmac(b.auth(), ecdh);
    byte[] keyInfo = cat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic, new byte[] {1});
    byte[] ikm = hmac(prkKey, keyInfo);
    byte[] prk = hmac(salt, ikm);
    byte[] cek = Arrays.copyOf(hmac(prk, cat("Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})), 16);
    byte[] nonce = Arrays.copyOf(hmac(prk, cat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1})), 12);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = c.doFinal(sealed);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) end--;
    assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
    return Arrays.copyOf(padded, end);
  }

  static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  static byte[] cat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    ByteBuffer out = ByteBuffer.allocate(n);
    for (byte[] p : parts) out.put(p);
    return out.array();
  }

  static PublicKey publicKey(byte[] raw) throws Exception {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)), new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
  }

  static byte[] raw(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    byte[] x = key.getW().getAffineX().toByteArray();
    byte[] y = key.getW().getAffineY().toByteArray();
    int xl = Math.min(32, x.length);
    int yl = Math.min(32, y.length);
    System.arraycopy(x, x.length - xl, out, 1 + 32 - xl, xl);
    System.arraycopy(y, y.length - yl, out, 33 + 32 - yl, yl);
    return out;
  }

  static String b64(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }

  static byte[] unb64(String s) { return Base64.getUrlDecoder().decode(s); }
}
