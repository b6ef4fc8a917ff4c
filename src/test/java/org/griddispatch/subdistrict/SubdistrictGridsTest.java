package org.griddispatch.subdistrict;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Subdistricts;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * {@code PUT /admin/grids} on a node of the imported example: every kind of bad input is refused with
 * a clear 4xx and changes nothing; an accepted set takes effect at once, keeps removed grids for the
 * tickets filed in them, and writes one audit row.
 */
@ExtendWith(VertxExtension.class)
class SubdistrictGridsTest {
  private static final String PATH = "/api/v1/admin/grids";
  private static final String[] TABLES = {"grids", "user_grids", "grid_backups", "users", "audit_log", "tickets"};

  private static EmbeddedDatabase database;
  private static Server node;
  private static Api api;
  private static Db db;
  private static SubdistrictImport.Outcome imported;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    database = EmbeddedDatabase.start(TestData.directory("dispatch-grids-db-"), 0);
    imported = Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE);
    node = TestNode.start(TestData.directory("dispatch-grids-node-"), new JsonObject().put("pgUri", database.uri())
        .put("demo", false).put("maxGridSetBytes", 200_000));
    api = new Api(vertx, node.port());
    db = new Db(vertx, database.uri());
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
    database.close();
  }

  private static String login(String username) {
    return api.login(username, imported.written().accounts().stream().filter(a -> a.username().equals(username))
        .findFirst().orElseThrow().password());
  }

  private static JsonObject currentSet() {
    return api.get("/api/v1/grids", api.login("admin")).json();
  }

  private static JsonObject properties(JsonObject set, String gridId) {
    return Subdistricts.feature(set, gridId).getJsonObject("properties");
  }

  /** The current set, changed. */
  private static JsonObject changed(Consumer<JsonObject> change) {
    JsonObject set = currentSet();
    change.accept(set);
    return set;
  }

  /** Waits (within the contract's second, and some) until routing puts the point in that grid (null: outside every grid). */
  private static void awaitLocated(double[] at, String gridId) {
    String path = "/api/v1/grids/locate?lat=" + at[0] + "&lon=" + at[1];
    long deadline = System.currentTimeMillis() + 5000;
    String located;
    do {
      Api.Response r = api.get(path, api.login("admin"));
      located = r.status() == 404 ? null : r.json().getString("gridId");
    } while (!java.util.Objects.equals(located, gridId) && System.currentTimeMillis() < deadline);
    assertThat(located).isEqualTo(gridId);
  }

  @Test
  void everyKindOfBadInputIsRefusedAndChangesNothing() {
    String admin = api.login("admin");
    String deptStaff = api.get("/api/v1/admin/users?role=dept_staff", admin).json().getJsonArray("items").getJsonObject(0).getString("id");
    JsonObject bowTie = new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(new JsonArray().add(113.217).add(23.397)).add(new JsonArray().add(113.223).add(23.403))
        .add(new JsonArray().add(113.223).add(23.397)).add(new JsonArray().add(113.217).add(23.403))
        .add(new JsonArray().add(113.217).add(23.397))));
    record Case(String what, String token, Object body, int status, String code, Map<String, String> fields) {}
    List<Case> cases = List.of(
        new Case("a dispatcher", login("xh-dispatcher"), currentSet(), 403, "forbidden", Map.of()),
        new Case("a grid worker", login("xh-worker-gy-01"), currentSet(), 403, "forbidden", Map.of()),
        new Case("nobody signed in", null, currentSet(), 401, "unauthorized", Map.of()),
        new Case("not JSON", admin, "type=FeatureCollection", 400, "malformed_json", Map.of()),
        new Case("a JSON array", admin, "[{\"type\": \"Feature\"}]", 400, "malformed_json", Map.of()),
        new Case("an empty object", admin, new JsonObject(), 400, "validation_failed",
            Map.of("type", "FeatureCollection", "features", "array")),
        new Case("one Feature, not a collection", admin, Subdistricts.feature(currentSet(), "df-01"), 400, "validation_failed",
            Map.of("type", "FeatureCollection")),
        new Case("features not an array", admin, new JsonObject().put("type", "FeatureCollection").put("features", new JsonObject()),
            400, "validation_failed", Map.of("features", "array")),
        new Case("no grid at all", admin, new JsonObject().put("type", "FeatureCollection").put("features", new JsonArray()),
            400, "validation_failed", Map.of("features", "at least one grid")),
        new Case("missing properties", admin, changed(s -> properties(s, "df-03").remove("name")),
            400, "validation_failed", Map.of("features[2]", "name: required")),
        new Case("no workerIds", admin, changed(s -> {
          properties(s, "df-04").remove("workerIds");
          properties(s, "df-04").remove("community");
        }), 400, "validation_failed", Map.of("features[3]", "community: required; workerIds: required")),
        new Case("an unknown worker", admin, changed(s -> properties(s, "gy-01").getJsonArray("workerIds").add("nobody")),
            400, "validation_failed", Map.of("features[4]", "workerIds: nobody is not a known user")),
        new Case("a backup who is not a grid worker", admin, changed(s -> properties(s, "gy-02").put("backupWorkerIds",
            new JsonArray().add(deptStaff))), 400, "validation_failed", Map.of("features[5]", "is not a grid worker")),
        new Case("an id twice", admin, changed(s -> properties(s, "gy-04").put("id", "gy-03")), 400, "validation_failed",
            Map.of("features[7]", "id gy-03 repeats features[6]")),
        new Case("an invalid polygon", admin, changed(s -> Subdistricts.feature(s, "js-01").put("geometry", bowTie)),
            400, "validation_failed", Map.of("features[8]", "geometry: not a valid polygon: self-intersection")),
        new Case("a point for a grid", admin, changed(s -> Subdistricts.feature(s, "js-02").put("geometry",
            new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(113.22).add(23.39)))),
            400, "validation_failed", Map.of("features[9]", "geometry: geometry.type must be Polygon or MultiPolygon")),
        new Case("two grids overlapping", admin, changed(s -> Subdistricts.feature(s, "df-01").put("geometry",
            Subdistricts.feature(s, "df-02").getJsonObject("geometry").copy())), 400, "validation_failed",
            Map.of("features[0]", "overlaps grid df-02", "features[1]", "overlaps grid df-01")),
        new Case("a body over maxGridSetBytes", admin, changed(s -> properties(s, "df-01").put("padding", "网".repeat(70_000))),
            413, "payload_too_large", Map.of()));

    Map<String, String> before = db.fingerprint(TABLES);
    String gridsBefore = currentSet().encode();
    for (Case c : cases) {
      Api.Response r = api.put(PATH, c.token(), c.body());
      assertThat(r.status()).as(c.what() + ": " + r).isEqualTo(c.status());
      assertThat(r.errorCode()).as(c.what()).isEqualTo(c.code());
      JsonObject fields = r.json().getJsonObject("error").getJsonObject("fields", new JsonObject());
      c.fields().forEach((key, reason) -> assertThat(fields.getString(key)).as(c.what() + ": " + fields.encode()).contains(reason));
      assertThat(db.fingerprint(TABLES)).as(c.what() + " changed nothing").isEqualTo(before);
    }
    assertThat(currentSet().encode()).isEqualTo(gridsBefore);
  }

  @Test
  void aNewSetTakesEffectAtOnceAndAGridItDropsStaysForItsTickets() {
    String admin = api.login("admin");
    String dispatcher = login("xh-dispatcher");
    JsonObject original = currentSet();
    double[] inJs03 = Subdistricts.inside(original, "js-03");
    JsonObject open = api.post("/api/v1/tickets", dispatcher, Api.report("road_damage", inJs03[0], inJs03[1], "人行道砖块松动")
        .put("address", "建设北路9号")).json();
    assertThat(open.getString("gridId")).isEqualTo("js-03");
    String js03Worker = login("xh-worker-js-03");
    long audits = db.count("SELECT count(*) FROM audit_log WHERE action = 'grids.replace'");

    JsonObject next = original.copy();
    next.getJsonArray("features").remove(Subdistricts.feature(next, "js-03"));
    properties(next, "df-01").put("name", "东风社区第1网格（东风路）");
    Api.Response r = api.put(PATH, admin, next);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getJsonArray("added")).isEmpty();
    assertThat(r.json().getJsonArray("changed")).containsExactly("df-01");
    assertThat(r.json().getJsonArray("removed")).containsExactly("js-03");

    // GET /grids sees the new set at once, routing within a second
    JsonObject now = currentSet();
    assertThat(now.getJsonArray("features")).hasSize(10);
    assertThat(properties(now, "df-01").getString("name")).isEqualTo("东风社区第1网格（东风路）");
    awaitLocated(inJs03, null);
    JsonObject outside = api.post("/api/v1/tickets", dispatcher, Api.report("road_damage", inJs03[0], inJs03[1], "井盖缺失")).json();
    assertThat(outside.getString("gridId")).isNull();
    assertThat(outside.getString("status")).isEqualTo("received");
    assertThat(api.act(outside.getString("id"), "reassign", dispatcher, new JsonObject().put("gridId", "js-03")).status())
        .as("a removed grid takes no new tickets").isEqualTo(400);

    // the open ticket keeps its grid and its worker; the grid is kept, inactive
    JsonObject kept = api.get("/api/v1/tickets/" + open.getString("id"), admin).json();
    assertThat(kept.getString("gridId")).isEqualTo("js-03");
    assertThat(kept.getString("assigneeId")).isEqualTo(open.getString("assigneeId"));
    assertThat(db.one("SELECT active FROM grids WHERE id = 'js-03'").getBoolean(0)).isFalse();
    // its worker has no grid now: their token, which carried js-03, has ended
    assertThat(api.get("/api/v1/tickets", js03Worker).status()).isEqualTo(401);

    // one audit row: who, before (11 grids), after (10) and what changed; no polygons in it
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'grids.replace'")).isEqualTo(audits + 1);
    var row = db.one("SELECT actor_id, before, after FROM audit_log WHERE action = 'grids.replace' ORDER BY id DESC LIMIT 1");
    assertThat(row.getString("actor_id")).isEqualTo(api.userId(admin));
    assertThat(((JsonObject) row.getValue("before")).getJsonArray("grids")).hasSize(11);
    JsonObject after = (JsonObject) row.getValue("after");
    assertThat(after.getJsonArray("grids")).hasSize(10);
    assertThat(after.getJsonObject("changed").getJsonArray("removed")).containsExactly("js-03");
    assertThat(after.encode()).doesNotContain("coordinates");

    // the same set again changes nothing and writes no audit row
    Api.Response same = api.put(PATH, admin, currentSet());
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json()).isEqualTo(new JsonObject().put("added", new JsonArray()).put("changed", new JsonArray())
        .put("removed", new JsonArray()).put("restaffed", new JsonArray()));
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'grids.replace'")).isEqualTo(audits + 1);

    // and back: the grid is active again, with its worker
    Api.Response back = api.put(PATH, admin, original);
    assertThat(back.json().getJsonArray("added")).containsExactly("js-03");
    awaitLocated(inJs03, "js-03");
    JsonObject routed = api.post("/api/v1/tickets", dispatcher, Api.report("garbage", inJs03[0], inJs03[1], "垃圾桶满了")).json();
    assertThat(routed.getString("gridId")).isEqualTo("js-03");
    assertThat(routed.getString("assigneeId")).isEqualTo(open.getString("assigneeId"));
  }
}
