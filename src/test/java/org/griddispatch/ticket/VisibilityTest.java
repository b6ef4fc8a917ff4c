package org.griddispatch.ticket;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every role's view of someone else's ticket: 404 where they may not see it, a masked phone where they do not handle it. */
class VisibilityTest extends NodeTest {
  static JsonObject ticket;
  static final String REPORTER = "13800000001";

  @BeforeAll
  static void setUp() {
    JsonObject p = Points.of("dxm-02");
    ticket = api.file(REPORTER, Api.report("water_outage", p.getDouble("lat"), p.getDouble("lon"), "整栋楼停水")
        .put("contact", new JsonObject().put("name", "范雪").put("phone", "13800000001")));
  }

  private Api.Response view(String token) { return api.get("/api/v1/tickets/" + ticket.getString("id"), token); }

  private String phoneSeenBy(String token) {
    Api.Response r = view(token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonObject("contact").getString("phone");
  }

  @Test
  void thoseWhoMayNotSeeItGet404() {
    for (String token : List.of(api.resident("13800000003"), api.login("worker-yhq-04"), api.login("dept-water"))) {
      Api.Response r = view(token);
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.errorCode()).isEqualTo("not_found");
      assertThat(api.get("/api/v1/tickets/" + ticket.getString("id") + "/events", token).status()).isEqualTo(404);
    }
    Api.Response integration = api.call(HttpMethod.GET, "/api/v1/tickets/" + ticket.getString("id"), null, null,
        Map.of("X-Api-Key", "demo-hotline-key"));
    assertThat(integration.status()).isEqualTo(404);
  }

  @Test
  void theReporterTheAssigneeAndTheCentreSeeTheWholePhone() {
    String assignee = ticket.getString("assigneeId");
    assertThat(assignee).isNotNull();
    assertThat(phoneSeenBy(api.resident(REPORTER))).isEqualTo("13800000001");
    assertThat(phoneSeenBy(api.login("worker-dxm-02"))).isEqualTo("13800000001");
    assertThat(phoneSeenBy(api.login("dispatcher"))).isEqualTo("13800000001");
    assertThat(phoneSeenBy(api.login("admin"))).isEqualTo("13800000001");
  }

  @Test
  void othersWhoMaySeeItSeeAMaskedPhone() {
    assertThat(phoneSeenBy(api.login("supervisor"))).isEqualTo("138****0001");
  }

  @Test
  void listingsAreScopedToWhatEachRoleMaySee() {
    String id = ticket.getString("id");
    assertThat(ids(api.get("/api/v1/tickets?limit=200", api.login("worker-dxm-02")))).contains(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200", api.login("worker-yhq-04")))).doesNotContain(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200", api.resident("13800000003")))).doesNotContain(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200&mine=true", api.resident(REPORTER)))).contains(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200&gridId=dxm-02", api.login("dispatcher")))).contains(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200&gridId=dxm-03", api.login("dispatcher")))).doesNotContain(id);
    assertThat(ids(api.get("/api/v1/tickets?limit=200", api.login("dept-water")))).doesNotContain(id);
    // a resident's listing holds only their own tickets
    String other = api.userId(api.resident("13800000003"));
    assertThat(api.get("/api/v1/tickets?limit=200", api.resident("13800000003")).json().getJsonArray("items").size())
        .isEqualTo((int) api.get("/api/v1/tickets?limit=200&mine=true", api.resident("13800000003")).json().getJsonArray("items").size());
    assertThat(other).isNotNull();
  }

  @Test
  void pagesFollowTheCursorWithoutRepeatsOrGaps() {
    String token = api.login("dispatcher");
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      Api.Response r = api.get("/api/v1/tickets?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertThat(r.status()).isEqualTo(200);
      for (Object o : r.json().getJsonArray("items")) assertThat(seen.add(((JsonObject) o).getString("id"))).isTrue();
      cursor = r.json().getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 200);
    Api.Response all = api.get("/api/v1/tickets?limit=200", token);
    if (all.json().getString("nextCursor") == null) {
      assertThat(seen).hasSize(all.json().getJsonArray("items").size());
    }
    assertThat(seen).contains(ticket.getString("id"));
  }

  private static List<String> ids(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
