package org.griddispatch.ticket;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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

  /**
   * A worker of two grids with a ticket assigned to them in a third: the listing and a search, a page
   * of one at a time, hold exactly those, newest first, none twice (the scope is read part by part
   * and merged, ticket.Scope.orderedParts).
   */
  @Test
  void aWorkersPagesMergeTheirGridsAndWhatIsAssignedToThemElsewhereNewestFirst() {
    String word = "栅栏" + java.util.UUID.randomUUID().toString().substring(0, 6);
    String dispatcher = api.login("dispatcher");
    String worker = api.login("worker-float");
    java.util.Set<String> theirs = new java.util.HashSet<>();
    for (String grid : List.of("sgj-01", "sgj-02", "dxm-03")) {
      JsonObject p = Points.of(grid);
      theirs.add(api.file("13800000007", Api.report("other", p.getDouble("lat"), p.getDouble("lon"), "围墙" + word + "倒了")).getString("id"));
    }
    JsonObject p = Points.of("dxm-03");
    String elsewhere = theirs.stream().filter(id -> "dxm-03".equals(api.get("/api/v1/tickets/" + id, dispatcher).json().getString("gridId")))
        .findFirst().orElseThrow();
    Api.Response given = api.act(elsewhere, "reassign", dispatcher, new JsonObject().put("assigneeId", api.userId(worker)).put("reason", "代班"));
    assertThat(given.status()).as(given.toString()).isEqualTo(200);
    String notTheirs = api.file("13800000007", Api.report("other", p.getDouble("lat"), p.getDouble("lon"), "围墙" + word + "歪了")).getString("id");

    List<JsonObject> listed = pages(worker, "/api/v1/tickets?limit=1");
    List<String> listedIds = listed.stream().map(t -> t.getString("id")).toList();
    assertThat(listedIds).doesNotHaveDuplicates().containsAll(theirs).doesNotContain(notTheirs);
    assertNewestFirst(listed);
    List<JsonObject> found = pages(worker, "/api/v1/tickets?limit=1&q=" + java.net.URLEncoder.encode(word, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(found.stream().map(t -> t.getString("id")).toList()).containsExactlyInAnyOrderElementsOf(theirs);
    assertNewestFirst(found);
    // every ticket listed is one the worker may open
    for (String id : listedIds.subList(0, Math.min(20, listedIds.size()))) assertThat(api.get("/api/v1/tickets/" + id, worker).status()).isEqualTo(200);
  }

  @Test
  void aDepartmentsStaffPageThroughTheTicketsCalledToThemNewestFirst() {
    String word = "井盖" + java.util.UUID.randomUUID().toString().substring(0, 6);
    String water = api.login("dept-water");
    String worker = api.login("worker-wls-02");
    JsonObject p = Points.of("wls-02");
    java.util.List<String> called = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = api.file("13800000007", Api.report("road_damage", p.getDouble("lat"), p.getDouble("lon"), word + "松动" + i)).getString("id");
      assertThat(api.act(id, "accept", worker, null).status()).isEqualTo(200);
      Api.Response r = api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("water").add(i == 1 ? "urban" : "water"))
          .put("note", "请自来水公司查看"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      called.add(id);
    }
    String elsewhere = api.file("13800000007", Api.report("road_damage", p.getDouble("lat"), p.getDouble("lon"), word + "破了")).getString("id");
    assertThat(api.act(elsewhere, "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(elsewhere, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("urban"))).status()).isEqualTo(200);
    String never = api.file("13800000007", Api.report("road_damage", p.getDouble("lat"), p.getDouble("lon"), word + "没了")).getString("id");

    // one a page, through the department's own calls: each of theirs once, newest first, nothing of another department's
    List<JsonObject> listed = pages(water, "/api/v1/tickets?limit=1");
    List<String> listedIds = listed.stream().map(t -> t.getString("id")).toList();
    assertThat(listedIds).doesNotHaveDuplicates().containsAll(called).doesNotContain(elsewhere, never);
    assertThat(listedIds.subList(0, 3)).containsExactly(called.get(2), called.get(1), called.get(0));
    assertNewestFirst(listed);
    for (JsonObject t : listed) assertThat(t.getJsonArray("deptIds")).contains("water");
    // with a filter: the statuses the filter names only, still in order
    List<JsonObject> whistled = pages(water, "/api/v1/tickets?limit=2&status=whistled&deptId=water");
    assertThat(whistled.stream().map(t -> t.getString("id")).toList()).doesNotHaveDuplicates().containsAll(called);
    assertThat(whistled).allMatch(t -> "whistled".equals(t.getString("status")));
    assertNewestFirst(whistled);
    // a word search by the same staff finds the same three
    List<JsonObject> found = pages(water, "/api/v1/tickets?limit=1&q=" + java.net.URLEncoder.encode(word, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(found.stream().map(t -> t.getString("id")).toList()).containsExactlyInAnyOrderElementsOf(called);
  }

  private static List<JsonObject> pages(String token, String first) {
    List<JsonObject> out = new java.util.ArrayList<>();
    String cursor = null;
    do {
      Api.Response r = api.get(first + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().getJsonArray("items").forEach(o -> out.add((JsonObject) o));
      cursor = r.json().getString("nextCursor");
    } while (cursor != null && out.size() < 2000);
    return out;
  }

  private static void assertNewestFirst(List<JsonObject> tickets) {
    for (int i = 1; i < tickets.size(); i++) {
      java.time.Instant before = java.time.Instant.parse(tickets.get(i - 1).getString("createdAt"));
      java.time.Instant after = java.time.Instant.parse(tickets.get(i).getString("createdAt"));
      assertThat(after).as("page order at %d", i).isBeforeOrEqualTo(before);
    }
  }

  private static List<String> ids(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
