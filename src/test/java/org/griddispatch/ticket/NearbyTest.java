package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Is it one of these?" tells a resident that a similar report is near, never where it is: distances
 * come in 50 m bands and no point is given, so a few readings from different places cannot locate
 * another resident's home.
 */
class NearbyTest extends NodeTest {
  static final double METERS_PER_DEGREE_LAT = 111_320.0;

  @Test
  void distancesComeInBandsAndNoPoint() {
    JsonObject p = Points.of("wls-03");
    double lat = p.getDouble("lat");
    double lon = p.getDouble("lon");
    String number = api.file("13800000001", Api.report("streetlight", lat, lon, "楼下路灯不亮")).getString("number");
    String neighbour = api.resident("13800000002");

    assertThat(distance(neighbour, lat, lon, number)).isEqualTo(50); // the very spot is the first band, not 0
    assertThat(distance(neighbour, lat + 120 / METERS_PER_DEGREE_LAT, lon, number)).isEqualTo(150);
    assertThat(distance(neighbour, lat - 149 / METERS_PER_DEGREE_LAT, lon, number)).isEqualTo(150);
    assertThat(distance(neighbour, lat + 201 / METERS_PER_DEGREE_LAT, lon, number)).isEqualTo(250);
    assertThat(distance(api.login("dispatcher"), lat + 37 / METERS_PER_DEGREE_LAT, lon, number)).isEqualTo(50);
  }

  /** The distance the listing gives to the report, after checking the item shows no place and no words. */
  static long distance(String token, double lat, double lon, String number) {
    Api.Response r = api.get("/api/v1/tickets/nearby?category=streetlight&lat=" + lat + "&lon=" + lon, token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject item = r.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> number.equals(i.getString("number"))).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
    assertThat(item.fieldNames()).doesNotContain("lat", "lon", "location", "address", "contact");
    return item.getLong("distanceMeters");
  }
}
