package org.griddispatch.auth;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in, tokens, resident codes and the admin's user management. */
class AuthTest extends NodeTest {



  @Test
  void staffLoginAnswersTokenExpiryAndUser() {
    Api.Response r = api.post("/api/v1/auth/login", null, new JsonObject().put("username", "worker-float").put("password", "demo1234"));
    assertThat(r.status()).isEqualTo(200);
    JsonObject user = r.json().getJsonObject("user");
    assertThat(user.getString("role")).isEqualTo("grid_worker");
    assertThat(user.getJsonArray("gridIds")).containsExactly("sgj-01", "sgj-02");
    assertThat(r.json().getString("expiresAt")).isNotNull();
    assertThat(r.json().getString("token").split("\\.")).hasSize(3);
  }

  @Test
  void wrongPasswordsUnknownUsersAndMissingFieldsAreRefused() {
    assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", "dispatcher").put("password", "nope")).errorCode())
        .isEqualTo("invalid_credentials");
    assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", "ghost").put("password", "demo1234")).status())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/auth/login", null, new JsonObject()).status()).isEqualTo(400);
  }

  @Test
  void routesNeedAValidToken() {
    assertThat(api.get("/api/v1/tickets", null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/tickets", "garbage.token.here").status()).isEqualTo(401);
    String token = api.login("dispatcher");
    String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(api.get("/api/v1/tickets", tampered).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/tickets", null).errorCode()).isEqualTo("unauthorized");
  }

  @Test
  void residentCodeFlowWithWrongCodesAndRateLimit() {
    String phone = "1390" + String.valueOf(System.nanoTime()).substring(0, 7);
    Api.Response code = api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone));
    assertThat(code.status()).isEqualTo(200);
    String devCode = code.json().getString("devCode");
    assertThat(devCode).matches("\\d{6}");
    String wrong = devCode.equals("000000") ? "111111" : "000000";
    assertThat(api.post("/api/v1/auth/resident/login", null, new JsonObject().put("phone", phone).put("code", wrong)).errorCode())
        .isEqualTo("invalid_code");
    Api.Response ok = api.post("/api/v1/auth/resident/login", null, new JsonObject().put("phone", phone).put("code", devCode));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getJsonObject("user").getString("role")).isEqualTo("resident");
    // a code works once
    assertThat(api.post("/api/v1/auth/resident/login", null, new JsonObject().put("phone", phone).put("code", devCode)).errorCode())
        .isEqualTo("code_expired");
    // five codes per window, then 429 with Retry-After
    for (int i = 0; i < 4; i++) {
      assertThat(api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone)).status()).isEqualTo(200);
    }
    Api.Response limited = api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    assertThat(api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", "12345")).status()).isEqualTo(400);
  }

  @Test
  void tooManyWrongCodesUseTheCodeUp() {
    String phone = "1370" + String.valueOf(System.nanoTime()).substring(0, 7);
    String devCode = api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone)).json().getString("devCode");
    String wrong = devCode.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) api.post("/api/v1/auth/resident/login", null, new JsonObject().put("phone", phone).put("code", wrong));
    assertThat(api.post("/api/v1/auth/resident/login", null, new JsonObject().put("phone", phone).put("code", devCode)).errorCode())
        .isEqualTo("code_expired");
  }

  @Test
  void adminCreatesAndListsUsers() {
    String admin = api.login("admin");
    String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    Api.Response created = api.post("/api/v1/admin/users", admin, new JsonObject().put("username", name)
        .put("password", "s3cret-pass").put("name", "新网格员").put("role", "grid_worker").put("gridIds", new JsonArray().add("sgj-03")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().containsKey("passwordHash")).isFalse();
    assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", name).put("password", "s3cret-pass")).status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/admin/users", admin, new JsonObject().put("username", name).put("password", "s3cret-pass")
        .put("name", "x").put("role", "grid_worker").put("gridIds", new JsonArray().add("sgj-03"))).status()).isEqualTo(409);

    Api.Response listed = api.get("/api/v1/admin/users?gridId=sgj-03", admin);
    assertThat(listed.body()).contains(name).doesNotContain("pbkdf2").doesNotContain("password");

    Api.Response integration = api.post("/api/v1/admin/users", admin, new JsonObject()
        .put("username", "chan-" + UUID.randomUUID().toString().substring(0, 8)).put("name", "渠道").put("role", "integration"));
    assertThat(integration.status()).isEqualTo(201);
    String key = integration.json().getString("apiKey");
    assertThat(key).isNotBlank();
    JsonObject p = Points.of("sgj-03");
    Api.Response filed = api.call(HttpMethod.POST, "/api/v1/tickets", null,
        Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "x"), Map.of("X-Api-Key", key));
    assertThat(filed.status()).isEqualTo(201);
    assertThat(db.count("SELECT count(*) FROM users WHERE api_key_hash = $1", key)).as("keys are stored hashed").isZero();
    // the shared node's other tests sign in as whoever a ticket is routed to: this worker is no longer one of them
    assertThat(api.call(HttpMethod.PATCH, "/api/v1/admin/users/" + created.json().getString("id"), admin,
        new JsonObject().put("active", false), null).status()).isEqualTo(200);
  }

  @Test
  void onlyAdminsManageUsersAndBadUsersAreRefused() {
    assertThat(api.get("/api/v1/admin/users", api.login("dispatcher")).status()).isEqualTo(403);
    String admin = api.login("admin");
    long before = db.count("SELECT count(*) FROM users");
    Api.Response bad = api.post("/api/v1/admin/users", admin, new JsonObject().put("username", "X!").put("password", "short")
        .put("name", "n").put("role", "resident").put("gridIds", new JsonArray().add("nowhere")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("error").getJsonObject("fields").fieldNames()).contains("username", "password", "role");
    Api.Response unknownGrid = api.post("/api/v1/admin/users", admin, new JsonObject().put("username", "gw-unknown-grid")
        .put("password", "long-enough").put("name", "n").put("role", "grid_worker").put("gridIds", new JsonArray().add("nowhere")));
    assertThat(unknownGrid.status()).isEqualTo(400);
    assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(before);
  }

  @Test
  void passwordsAreStoredAsSaltedHashes() {
    Passwords passwords = new Passwords(1000);
    String a = passwords.hash("demo1234");
    String b = passwords.hash("demo1234");
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2_sha256$1000$");
    assertThat(passwords.verify("demo1234", a)).isTrue();
    assertThat(passwords.verify("demo1235", a)).isFalse();
    assertThat(db.count("SELECT count(*) FROM users WHERE password_hash = 'demo1234'")).isZero();
  }
}
