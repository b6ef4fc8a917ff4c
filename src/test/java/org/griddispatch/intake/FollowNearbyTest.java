package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "This is the same problem": a resident follows an open report nearby instead of filing another. */
class FollowNearbyTest extends NodeTest {
  private static JsonObject body(String number, String category, double lat, double lon) {
    return new JsonObject().put("number", number).put("category", category)
        .put("location", new JsonObject().put("lat", lat).put("lon", lon));
  }

  @Test
  void theResidentFollowsTheReportNearbyAndNoTicketIsFiled() {
    JsonObject p = Points.of("sgj-02");
    double lat = p.getDouble("lat") + 0.0006;
    double lon = p.getDouble("lon") - 0.0004;
    JsonObject first = api.file("13800000061", Api.report("streetlight", lat, lon, "路灯不亮，跟随测试"));
    String second = api.resident("13800000062");
    JsonObject near = api.get("/api/v1/tickets/nearby?lat=" + (lat + 0.0003) + "&lon=" + lon + "&category=streetlight", second).json();
    assertThat(near.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("number"))).contains(first.getString("number"));

    long[] before = db.totals();
    Api.Response followed = api.post("/api/v1/tickets/nearby/follow", second, body(first.getString("number"), "streetlight", lat + 0.0003, lon));
    assertThat(followed.status()).as(followed.toString()).isEqualTo(200);
    assertThat(followed.json().getString("number")).isEqualTo(first.getString("number"));
    assertThat(followed.json().getBoolean("following")).isTrue();
    assertThat(followed.json().containsKey("description")).as("another resident's words stay theirs").isFalse();
    long[] after = db.totals();
    assertThat(after[0]).as("no ticket filed").isEqualTo(before[0]);
    // the follower sees it among their requests and may read its steps
    assertThat(api.get("/api/v1/tickets?limit=50", second).body()).contains(first.getString("number"));
    assertThat(api.get("/api/v1/tickets/" + first.getString("id") + "/events", second).status()).isEqualTo(200);
  }

  @Test
  void onlyAnOpenReportOfTheCategoryNearThePlaceIsFollowed() {
    JsonObject p = Points.of("sgj-03");
    double lat = p.getDouble("lat") - 0.0005;
    double lon = p.getDouble("lon") + 0.0005;
    JsonObject first = api.file("13800000063", Api.report("garbage", lat, lon, "垃圾没人清，跟随测试"));
    String other = api.resident("13800000064");
    String number = first.getString("number");
    String fingerprint = db.fingerprint("tickets", "ticket_events").toString();
    // another category, too far away, an unknown number: nothing to follow
    assertThat(api.post("/api/v1/tickets/nearby/follow", other, body(number, "noise", lat, lon)).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/tickets/nearby/follow", other, body(number, "garbage", lat + 0.01, lon)).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/tickets/nearby/follow", other, body("CX-00000000-000000", "garbage", lat, lon)).status()).isEqualTo(404);
    // bad input is named
    Api.Response bad = api.post("/api/v1/tickets/nearby/follow", other, new JsonObject().put("number", 5));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("error").getJsonObject("fields").fieldNames()).contains("number", "category", "location");
    // staff do not follow
    Api.Response staff = api.post("/api/v1/tickets/nearby/follow", api.login("dispatcher"), body(number, "garbage", lat, lon));
    assertThat(staff.status()).isEqualTo(403);
    assertThat(db.fingerprint("tickets", "ticket_events").toString()).as("nothing changed").isEqualTo(fingerprint);
  }
}
