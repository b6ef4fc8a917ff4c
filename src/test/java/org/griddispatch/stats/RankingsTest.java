package org.griddispatch.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** 考核 rankings of grids and departments by the three rates, and the monthly report. */
class RankingsTest extends NodeTest {
  private static JsonObject group(String id, Double response, Double resolution, Double satisfaction) {
    return new JsonObject().put("gridId", id).put("received", 3L).put("responseRate", response).put("resolutionRate", resolution)
        .put("satisfactionRate", satisfaction);
  }

  @Test
  void theScoreIsTheMeanOfTheRatesDueAndEqualScoresShareARank() {
    JsonArray ranked = Rankings.rank(new JsonArray().add(group("a", 0.5, 0.5, null)).add(group("b", 1.0, 0.8, 0.9))
        .add(group("c", null, null, null)).add(group("d", 0.5, null, null)).add(group(null, 1.0, 1.0, 1.0)), "gridId");

    assertThat(ranked.stream().map(o -> ((JsonObject) o).getString("gridId")).toList()).containsExactly("b", "a", "d", "c");
    assertThat(ranked.getJsonObject(0).getDouble("score")).isEqualTo(90.0);
    assertThat(ranked.getJsonObject(1).getInteger("rank")).isEqualTo(2);
    assertThat(ranked.getJsonObject(2).getInteger("rank")).as("the same score as a").isEqualTo(2);
    assertThat(ranked.getJsonObject(3).getValue("rank")).as("nothing due: unranked").isNull();
  }

  @Test
  void rankingsAndTheMonthlyReportForStaffOnly() {
    String supervisor = api.login("supervisor");
    Api.Response r = api.get("/api/v1/stats/rankings", supervisor);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getJsonArray("grids")).isNotNull();
    assertThat(r.json().getJsonArray("departments")).isNotNull();

    String month = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString().substring(0, 7);
    Api.Response report = api.get("/api/v1/stats/monthly?month=" + month, api.login("dispatcher"));
    assertThat(report.status()).as(report.toString()).isEqualTo(200);
    assertThat(report.json().getString("month")).isEqualTo(month);
    assertThat(java.time.OffsetDateTime.parse(report.json().getString("from")).toInstant())
        .as("midnight of the month's first day in the subdistrict's zone")
        .isEqualTo(LocalDate.parse(month + "-01").atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant());
    assertThat(report.json().getJsonObject("rankings").getJsonArray("grids")).isNotNull();
    Api.Response csv = api.get("/api/v1/stats/monthly?format=csv&month=" + month, supervisor);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body()).startsWith("scope,key,").contains("\nranking,key,rank,score,");

    assertThat(api.get("/api/v1/stats/rankings", api.resident("13800000001")).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/stats/monthly", api.resident("13800000001")).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/stats/monthly?month=2026-13", supervisor).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/stats/monthly?format=xml", supervisor).status()).isEqualTo(400);
  }
}
