package org.griddispatch.stats;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts and the three rates over a period, computed from what really happened to real tickets. */
class StatsTest extends NodeTest {



  @Test
  void countsRatingsAndRatesOfOneGrid() {
    // bts-02 is used by this test only
    String from = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString();
    JsonObject p = Points.of("bts-02");
    String worker = api.login("worker-bts-02");
    String resident = api.resident("13800000003");
    String[] ratings = {"good", "good", "neutral", "bad"};
    for (String rating : ratings) {
      JsonObject t = api.file("13800000003", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾满了"));
      assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
      assertThat(api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "已清运")).status()).isEqualTo(200);
      assertThat(api.act(t.getString("id"), "rate", resident, new JsonObject().put("rating", rating)).status()).isEqualTo(200);
    }
    JsonObject open = api.file("13800000003", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "还没处理"));
    // one ticket whose response deadline has already passed, unanswered
    db.count("WITH u AS (UPDATE tickets SET respond_by = now() - interval '1 minute' WHERE id = $1::uuid RETURNING 1) SELECT count(*) FROM u",
        open.getString("id"));

    Api.Response r = api.get("/api/v1/stats?gridId=bts-02&from=" + encode(from), api.login("supervisor"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject s = r.json();
    assertThat(s.getLong("received")).isEqualTo(5);
    // the bad rating reopened its ticket: open again, no longer resolved
    assertThat(s.getLong("open")).isEqualTo(2);
    assertThat(s.getLong("resolved")).isEqualTo(3);
    assertThat(s.getLong("reopens")).isEqualTo(1);
    assertThat(s.getLong("overdue")).isEqualTo(1);
    assertThat(s.getJsonObject("ratings")).isEqualTo(new JsonObject().put("good", 2).put("neutral", 1).put("bad", 1));
    assertThat(s.getDouble("satisfactionRate")).isEqualTo(0.5);
    // four responded in time, one overdue without a response
    assertThat(s.getDouble("responseRate")).isEqualTo(0.8);
    // three resolved in time; the open ones' resolution deadlines (7 days) have not come
    assertThat(s.getDouble("resolutionRate")).isEqualTo(1.0);
    assertThat(s.getJsonArray("byGrid").size()).isEqualTo(1);
    assertThat(s.getJsonArray("byCategory").getJsonObject(0).getString("category")).isEqualTo("garbage");

    assertThat(api.get("/api/v1/stats", api.resident("13800000003")).status()).isEqualTo(403);
    Api.Response csv = api.get("/api/v1/stats.csv?gridId=bts-02&from=" + encode(from), api.login("supervisor"));
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body().lines().toList()).contains("total,,5,2,3,0,1,0.8,1.0,0.5,0,1,2,1,1,1.0,0,0");
    Api.Response empty = api.get("/api/v1/stats?gridId=bts-02&from=2020-01-01&to=2020-01-02", api.login("dispatcher"));
    assertThat(empty.json().getLong("received")).isZero();
    assertThat(empty.json().getValue("satisfactionRate")).isNull();
  }

  @Test
  void settledTicketsCountTheSameSummedAheadAsReadOneByOne() {
    // bts-03 is used by this test only
    JsonObject p = Points.of("bts-03");
    String worker = api.login("worker-bts-03");
    String resident = api.resident("13800000002");
    String centre = api.login("dispatcher");
    for (String rating : new String[] {"good", "neutral"}) {
      JsonObject t = api.file("13800000002", Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯不亮"));
      assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
      assertThat(api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "已修好")).status()).isEqualTo(200);
      assertThat(api.act(t.getString("id"), "rate", resident, new JsonObject().put("rating", rating)).status()).isEqualTo(200);
      assertThat(api.act(t.getString("id"), "close", centre, null).status()).isEqualTo(200);
    }
    // filed ten days ago at 20:00 UTC, the next morning in the node's zone (Asia/Shanghai): the sums are
    // kept by the node's days and months, so the tickets count on the next day's and month's rows
    assertThat(db.count("WITH u AS (UPDATE tickets SET created_at = date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
        + " - interval '10 days' + interval '20 hours' WHERE grid_id = 'bts-03' RETURNING 1) SELECT count(*) FROM u")).isEqualTo(2);
    assertThat(db.count("SELECT coalesce(sum(received), 0) FROM stats_sums WHERE grain = 'day' AND grid_id = 'bts-03'")).isEqualTo(2);
    java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
    OffsetDateTime filed = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.DAYS).minusDays(10).plusHours(20);
    assertThat(db.one("SELECT day::text FROM stats_sums WHERE grain = 'day' AND grid_id = 'bts-03' AND received > 0").getString(0))
        .isEqualTo(filed.atZoneSameInstant(zone).toLocalDate().toString());
    String supervisor = api.login("supervisor");
    JsonObject summed = api.get("/api/v1/stats?gridId=bts-03&from=" + filed.minusDays(3).toLocalDate() + "&to=" + filed.plusDays(3).toLocalDate(),
        supervisor).json();
    JsonObject oneByOne = api.get("/api/v1/stats?gridId=bts-03&from=" + encode(filed.minusHours(1).toString()) + "&to="
        + encode(filed.plusHours(1).toString()), supervisor).json();
    for (JsonObject s : new JsonObject[] {summed, oneByOne}) {
      assertThat(s.getLong("received")).isEqualTo(2);
      assertThat(s.getLong("closed")).isEqualTo(2);
      assertThat(s.getLong("open")).isZero();
      assertThat(s.getJsonObject("ratings")).isEqualTo(new JsonObject().put("good", 1).put("neutral", 1).put("bad", 0));
      assertThat(s.getDouble("satisfactionRate")).isEqualTo(0.5);
      assertThat(s.getDouble("responseRate")).isEqualTo(1.0);
      assertThat(s.getDouble("ratedShare")).isEqualTo(1.0);
    }
    // its whole month in the node's zone, read from the month's sums
    java.time.LocalDate month = filed.atZoneSameInstant(zone).toLocalDate().withDayOfMonth(1);
    JsonObject byMonth = api.get("/api/v1/stats?gridId=bts-03&from=" + month + "&to=" + month.plusMonths(1), supervisor).json();
    assertThat(db.count("SELECT coalesce(sum(received), 0) FROM stats_sums WHERE grain = 'month' AND grid_id = 'bts-03'")).isEqualTo(2);
    for (JsonObject s : new JsonObject[] {summed, oneByOne, byMonth}) {
      s.remove("from");
      s.remove("to");
    }
    assertThat(summed).isEqualTo(oneByOne);
    assertThat(byMonth).isEqualTo(oneByOne);

    // reopened after the close: out of the sums, read one by one again
    String id = db.one("SELECT id::text FROM tickets WHERE grid_id = 'bts-03' AND rating = 'good'").getString(0);
    Api.Response reopened = api.act(id, "reopen", resident, new JsonObject().put("reason", "路灯又不亮了"));
    assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
    assertThat(db.count("SELECT coalesce(sum(received), 0) FROM stats_sums WHERE grain = 'day' AND grid_id = 'bts-03'")).isEqualTo(1);
    JsonObject after = api.get("/api/v1/stats?gridId=bts-03&from=" + filed.minusDays(3).toLocalDate() + "&to=" + filed.plusDays(3).toLocalDate(),
        supervisor).json();
    assertThat(after.getLong("received")).isEqualTo(2);
    assertThat(after.getLong("open")).isEqualTo(1);
    assertThat(after.getLong("reopens")).isEqualTo(1);
    assertThat(after.getJsonObject("ratings")).isEqualTo(new JsonObject().put("good", 1).put("neutral", 1).put("bad", 0));
  }

  private static String encode(String s) { return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8); }
}
