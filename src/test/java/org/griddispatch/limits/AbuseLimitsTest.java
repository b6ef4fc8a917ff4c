package org.griddispatch.limits;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Each abuse limit on a node of its own with the limits on and small: it trips with 429, the contract's
 * error and Retry-After, and leaves one audit row; a lockout releases after its backoff. The test
 * client plays the trusted proxy (127.0.0.1), so each test is a client address of its own through
 * X-Forwarded-For.
 */
@ExtendWith(VertxExtension.class)
class AbuseLimitsTest {
  static Server node;
  static Api api;
  static Db db;

  /** This node's own clock: a lockout runs out when the test moves it, not while the test sleeps. */
  private static final TestClock clock = new TestClock();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    JsonObject limits = new JsonObject().put("enabled", true)
        .put("signIn", new JsonObject().put("lockAfterFailures", 3).put("lockSeconds", 1).put("maxLockSeconds", 2)
            .put("forgetFailuresAfterSeconds", 600).put("perIp", window(5)))
        .put("residentCodes", new JsonObject().put("perIp", window(6)))
        .put("filing", new JsonObject().put("perAccount", window(3)).put("perPlace", window(4).put("cellMeters", 50)));
    node = TestNode.start(TestData.directory("dispatch-limits-"), new JsonObject()
        .put("limits", limits)
        .put("trustedProxies", new JsonArray().add("127.0.0.1"))
        .put("map", new JsonObject().put("tileUrl", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")), clock);
    api = new Api(vertx, node.port());
    db = new Db(vertx, node.pgUri());
  }

  private static JsonObject window(int max) { return new JsonObject().put("max", max).put("windowSeconds", 60); }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
  }

  @Test
  void anAccountLocksAfterConsecutiveFailuresAndReleasesAfterItsBackoff() {
    String id = userId("dept-env");
    // each guess from another address: the lockout is the account's, wherever the guesses come from
    assertThat(signIn("dept-env", "wrong-1", "203.0.113.11").status()).isEqualTo(401);
    assertThat(signIn("dept-env", "wrong-2", "203.0.113.12").status()).isEqualTo(401);
    Api.Response locking = signIn("dept-env", "wrong-3", "203.0.113.13");
    assertLimited(locking, "account_locked");
    assertThat(locking.header("Retry-After")).isEqualTo("1");
    assertLimited(signIn("dept-env", "demo1234", "203.0.113.14"), "account_locked"); // even the right password waits
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_locked' AND target = $1", "user:" + id)).isEqualTo(1);
    assertThat(db.one("SELECT locked_until IS NOT NULL FROM users WHERE id = $1", id).getBoolean(0)).isTrue();

    clock.advance(Duration.ofMillis(1100));
    assertThat(signIn("dept-env", "demo1234", "203.0.113.15").status()).isEqualTo(200);
    assertThat(db.one("SELECT failed_sign_ins, locked_until FROM users WHERE id = $1", id).getInteger(0)).isZero();
  }

  @Test
  void eachFailurePastTheThresholdLocksLongerUpToTheCap() {
    String id = userId("dept-market");
    for (int i = 1; i <= 2; i++) assertThat(signIn("dept-market", "wrong", "203.0.113.2" + i).status()).isEqualTo(401);
    assertThat(signIn("dept-market", "wrong", "203.0.113.23").header("Retry-After")).isEqualTo("1");
    clock.advance(Duration.ofMillis(1100));
    Api.Response longer = signIn("dept-market", "wrong", "203.0.113.24");
    assertLimited(longer, "account_locked");
    assertThat(longer.header("Retry-After")).isEqualTo("2");
    clock.advance(Duration.ofMillis(2100));
    assertThat(signIn("dept-market", "wrong", "203.0.113.25").header("Retry-After")).as("capped").isEqualTo("2");
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_locked' AND target = $1", "user:" + id)).isEqualTo(3);
    clock.advance(Duration.ofMillis(2100));
    assertThat(signIn("dept-market", "demo1234", "203.0.113.26").status()).isEqualTo(200);
  }

  @Test
  void signInAttemptsFromOneAddressAreLimited() {
    for (int i = 0; i < 5; i++) assertThat(signIn("nobody-" + i, "guess", "198.51.100.7").status()).isEqualTo(401);
    assertLimited(signIn("nobody-5", "guess", "198.51.100.7"), "too_many_attempts");
    assertLimited(signIn("supervisor", "demo1234", "198.51.100.7"), "too_many_attempts");
    assertThat(signIn("nobody-6", "guess", "198.51.100.8").status()).as("another address").isEqualTo(401);
    assertThat(audits("limit:signInPerIp:198.51.100.7")).as("one row per tripping, not per refusal").isEqualTo(1);
  }

  @Test
  void codeRequestsFromOneAddressAreLimited() {
    for (int i = 0; i < 6; i++) assertThat(requestCode("1370000100" + i, "198.51.100.20").status()).isEqualTo(200);
    assertLimited(requestCode("13700001006", "198.51.100.20"), "too_many_codes");
    assertThat(requestCode("13700001007", "198.51.100.21").status()).as("another address").isEqualTo(200);
    assertThat(audits("limit:codesPerIp:198.51.100.20")).isEqualTo(1);
  }

  @Test
  void codeRequestsForOnePhoneKeepTheirWindowAndAreAudited() {
    for (int i = 0; i < 5; i++) assertThat(requestCode("13700002000", "198.51.100.30").status()).isEqualTo(200);
    assertLimited(requestCode("13700002000", "198.51.100.31"), "too_many_codes");
    assertThat(audits("limit:codesPerPhone:137****2000")).isEqualTo(1);
  }

  @Test
  void aResidentFilesALimitedNumberOfReportsButStaffAndTheHotlineAreNotCounted() {
    String token = api.resident("13800000001");
    String[] grids = {"jgm-01", "sgj-01", "wls-01", "bts-01"};
    for (int i = 0; i < 3; i++) assertThat(file(token, grids[i]).status()).isEqualTo(201);
    Api.Response limited = file(token, grids[3]);
    assertLimited(limited, "too_many_reports");
    assertThat(audits("limit:filingPerAccount:" + api.userId(token))).isEqualTo(1);
    assertThat(db.one("SELECT actor_role FROM audit_log WHERE target = $1", "limit:filingPerAccount:" + api.userId(token))
        .getString(0)).isEqualTo("resident");

    String dispatcher = api.login("dispatcher");
    for (int i = 0; i < 5; i++) assertThat(file(dispatcher, "yhq-01").status()).isEqualTo(201);
    for (int i = 0; i < 5; i++) {
      JsonObject p = Points.of("yhq-02");
      assertThat(api.call(HttpMethod.POST, "/api/v1/tickets", null, Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"),
          "路灯不亮"), Map.of("X-Api-Key", "demo-hotline-key")).status()).isEqualTo(201);
    }
  }

  @Test
  void reportsAboutOnePlaceAreLimitedAcrossResidents() {
    String first = api.resident("13800000002");
    String second = api.resident("13800000003");
    for (int i = 0; i < 3; i++) assertThat(file(first, "dxm-03").status()).isEqualTo(201);
    assertThat(file(second, "dxm-03").status()).isEqualTo(201);
    assertLimited(file(second, "dxm-03"), "too_many_reports");
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'limit_tripped' AND target LIKE 'limit:filingPerPlace:cell:%'"))
        .isEqualTo(1);
    assertThat(file(second, "dxm-04").status()).as("another place").isEqualTo(201);
  }

  @Test
  void hstsOnlyWhenTheTrustedProxySaysTheRequestCameOverTls() {
    MultiMap plain = api.call(HttpMethod.GET, "/health/ready", null, null, null).headers();
    MultiMap tls = api.call(HttpMethod.GET, "/health/ready", null, null, Map.of("X-Forwarded-Proto", "https")).headers();
    assertThat(plain.get("Strict-Transport-Security")).isNull();
    assertThat(tls.get("Strict-Transport-Security")).startsWith("max-age=");
    assertThat(tls.get("Content-Security-Policy")).contains("img-src 'self' data: blob: https://*.tiles.example.org;");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Api.Response signIn(String username, String password, String from) {
    return api.call(HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password),
        Map.of("X-Forwarded-For", from));
  }

  private static Api.Response requestCode(String phone, String from) {
    return api.call(HttpMethod.POST, "/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone),
        Map.of("X-Forwarded-For", from));
  }

  private static Api.Response file(String token, String gridId) {
    JsonObject p = Points.of(gridId);
    return api.post("/api/v1/tickets", token, Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾没清"));
  }

  private static String userId(String username) {
    return db.one("SELECT id FROM users WHERE username = $1", username).getString(0);
  }

  private static long audits(String target) {
    return db.count("SELECT count(*) FROM audit_log WHERE action = 'limit_tripped' AND target = $1", target);
  }

  /** 429 in the contract's error format, with a Retry-After in whole seconds. */
  private static void assertLimited(Api.Response r, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(429);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.json().getJsonObject("error").getString("message")).isNotBlank();
    assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 600); // the per-phone window is 600 s, the others 60 s
  }
}
