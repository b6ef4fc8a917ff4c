package org.griddispatch.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input of every kind answers 4xx in the contract's error format and writes nothing. */
class BadInputTest extends NodeTest {
  static JsonObject p;

  @BeforeAll
  static void setUp() {
    p = Points.of("yhq-03");
  }


  private Api.Response refusedCreate(Object body, int status, String code) {
    long[] before = db.totals();
    Api.Response r = api.post("/api/v1/tickets", api.resident("13800000001"), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.json().getJsonObject("error").getString("message")).isNotBlank();
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(db.totals()).as("nothing written").containsExactly(before);
    return r;
  }

  private JsonObject fields(Api.Response r) { return r.json().getJsonObject("error").getJsonObject("fields"); }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"category\": }", "not json", "[1,2,3]", "\"a string\"", "42", "{\"a\":1}}"})
  void malformedJsonIs400(String body) {
    refusedCreate(body, 400, "malformed_json");
  }

  @Test
  void missingFieldsAreNamed() {
    JsonObject f = fields(refusedCreate(new JsonObject(), 400, "validation_failed"));
    assertThat(f.fieldNames()).contains("category", "description", "location");
  }

  @Test
  void wrongTypesAreNamed() {
    JsonObject f = fields(refusedCreate(new JsonObject().put("category", 5).put("description", new JsonObject())
        .put("location", "here").put("contact", 12).put("externalId", true), 400, "validation_failed"));
    assertThat(f.getString("category")).isEqualTo("must be a string");
    assertThat(f.getString("description")).isEqualTo("must be a string");
    assertThat(f.getString("location")).isEqualTo("must be an object");
    assertThat(f.getString("contact")).isEqualTo("must be an object");
    assertThat(f.getString("externalId")).isEqualTo("must be a string");
  }

  @Test
  void coordinatesOutOfRangeAreRefused() {
    for (double[] bad : new double[][] {{91, 104}, {-90.5, 104}, {31, 180.01}, {31, -181}}) {
      JsonObject f = fields(refusedCreate(Api.report("gas_leak", bad[0], bad[1], "x"), 400, "validation_failed"));
      assertThat(f.fieldNames()).containsAnyOf("location.lat", "location.lon");
    }
    JsonObject f = fields(refusedCreate(new JsonObject().put("category", "gas_leak").put("description", "x")
        .put("location", new JsonObject().put("lat", "31.4").put("lon", null)), 400, "validation_failed"));
    assertThat(f.getString("location.lat")).isEqualTo("must be a number");
    assertThat(f.getString("location.lon")).isEqualTo("required");
  }

  @Test
  void unknownCategoryAndUnknownFieldsAreRefused() {
    JsonObject f = fields(refusedCreate(Api.report("alien_landing", p.getDouble("lat"), p.getDouble("lon"), "x")
        .put("priority", "urgent"), 400, "validation_failed"));
    assertThat(f.getString("category")).isEqualTo("unknown category");
    assertThat(f.getString("priority")).isEqualTo("unknown field");
  }

  @Test
  void overlongTextAndBadPhonesAreRefused() {
    JsonObject f = fields(refusedCreate(Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "很".repeat(2001))
        .put("contact", new JsonObject().put("phone", "12345")), 400, "validation_failed"));
    assertThat(f.getString("description")).startsWith("at most");
    assertThat(f.getString("contact.phone")).isNotNull();
    refusedCreate(Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "bad\u0000byte"), 400, "validation_failed");
  }

  @Test
  void oversizeBodiesAre413() {
    String huge = Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "x").put("pad", "x".repeat(70_000)).encode();
    long[] before = db.totals();
    Api.Response r = api.post("/api/v1/tickets", api.resident("13800000001"), huge);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("payload_too_large");
    assertThat(db.totals()).containsExactly(before);
  }

  @Test
  void badQueryParametersAre400() {
    String token = api.login("dispatcher");
    for (String q : new String[] {"limit=0", "limit=201", "limit=abc", "status=flying", "mine=maybe", "cursor=bm9wZQ"}) {
      Api.Response r = api.get("/api/v1/tickets?" + q, token);
      assertThat(r.status()).as(q).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("validation_failed");
    }
    Api.Response undecodable = api.get("/api/v1/tickets?cursor=%%%", token);
    assertThat(undecodable.status()).isEqualTo(400);
    assertThat(undecodable.errorCode()).isEqualTo("malformed_query");
    for (String q : new String[] {"lat=91&lon=104", "lat=x&lon=104", "lon=104", ""}) {
      assertThat(api.get("/api/v1/grids/locate?" + q, token).status()).as(q).isEqualTo(400);
    }
    assertThat(api.get("/api/v1/stats?from=yesterday", token).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/stats?from=2026-02-01&to=2026-01-01", token).status()).isEqualTo(400);
  }

  @Test
  void badActionBodiesAre400AndChangeNothing() {
    JsonObject t = api.file("13800000001", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾"));
    String worker = api.login("worker-yhq-03");
    long[] before = db.totals();
    Api.Response comment = api.act(t.getString("id"), "comment", worker, new JsonObject().put("text", 5));
    assertThat(comment.status()).isEqualTo(400);
    Api.Response malformed = api.post("/api/v1/tickets/" + t.getString("id") + "/accept", worker, "{oops");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("malformed_json");
    Api.Response ifMatch = api.call(HttpMethod.POST, "/api/v1/tickets/" + t.getString("id") + "/accept", worker,
        new JsonObject(), Map.of("If-Match", "\"abc\""));
    assertThat(ifMatch.status()).isEqualTo(400);
    assertThat(db.totals()).containsExactly(before);
    assertThat(api.get("/api/v1/tickets/" + t.getString("id"), worker).json().getString("status")).isEqualTo("assigned");
  }

  @Test
  void badIdempotencyKeyIs400() {
    long[] before = db.totals();
    Api.Response r = api.call(HttpMethod.POST, "/api/v1/tickets", api.resident("13800000001"),
        Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "x"), Map.of("Idempotency-Key", "k".repeat(129)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(db.totals()).containsExactly(before);
  }

  @Test
  void unknownRoutesAndMethodsAnswerInTheErrorFormat() {
    Api.Response r = api.get("/api/v1/nothing-here", api.login("dispatcher"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.errorCode()).isEqualTo("not_found");
    Api.Response m = api.call(HttpMethod.DELETE, "/api/v1/tickets", api.login("dispatcher"), null, null);
    assertThat(m.status()).isIn(404, 405);
    assertThat(m.json().containsKey("error")).isTrue();
  }
}
