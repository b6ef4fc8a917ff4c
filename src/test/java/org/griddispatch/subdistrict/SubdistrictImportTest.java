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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * A real subdistrict that is not the demo: the example 新华街道 imported into a fresh database, then a
 * node started on it without demo mode, signed into with an imported account and used. A second
 * import changes nothing; a spoilt directory is refused with every problem and writes nothing.
 */
@ExtendWith(VertxExtension.class)
class SubdistrictImportTest {
  private static EmbeddedDatabase database;
  private static Db db;
  private static Vertx vertx;
  /** The first import's outcome: the only one that shows the new accounts' passwords. */
  private static SubdistrictImport.Outcome first;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    database = EmbeddedDatabase.start(TestData.directory("dispatch-import-db-"), 0);
    db = new Db(v, database.uri());
  }

  @AfterAll
  static void stop() {
    db.close();
    database.close();
  }

  /** The example imported once for the class: every test may be the first to ask. */
  private static synchronized SubdistrictImport.Outcome example() {
    if (first == null) {
      first = Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE);
      assertThat(first.problems()).isEmpty();
    }
    return first;
  }

  private static String password(String username) {
    return example().written().accounts().stream().filter(a -> a.username().equals(username)).findFirst().orElseThrow().password();
  }

  @Test
  void anImportedSubdistrictRunsANodeWithoutTheDemo() throws Exception {
    SubdistrictWriter.Written written = example().written();
    assertThat(written.changed().getJsonArray("departments")).hasSize(8);
    assertThat(written.changed().getJsonArray("categories")).hasSize(10);
    assertThat(written.changed().getJsonArray("services")).hasSize(3);
    assertThat(written.changed().getJsonObject("grids").getJsonArray("added")).hasSize(11);
    assertThat(written.accounts()).hasSize(22).allSatisfy(a -> assertThat(a.password()).hasSizeGreaterThanOrEqualTo(16));

    Server node = TestNode.start(TestData.directory("dispatch-import-node-"),
        new JsonObject().put("pgUri", database.uri()).put("demo", false));
    try {
      Api api = new Api(vertx, node.port());
      assertThat(node.seeded().demoAccounts()).isEmpty();
      assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", "dispatcher").put("password", "demo1234")).status())
          .as("no demo account exists").isEqualTo(401);

      String worker = api.login("xh-worker-gy-02", password("xh-worker-gy-02"));
      String dispatcher = api.login("xh-dispatcher", password("xh-dispatcher"));
      JsonObject grids = api.get("/api/v1/grids", worker).json();
      assertThat(grids.getJsonArray("features")).hasSize(11);
      // the AB worker of df-01 stands in for df-02
      JsonArray backups = Subdistricts.feature(grids, "df-02").getJsonObject("properties").getJsonArray("backupWorkerIds");
      assertThat(backups).hasSize(1);
      assertThat(Subdistricts.feature(grids, "df-01").getJsonObject("properties").getJsonArray("workerIds")).contains(backups.getValue(0));

      double[] p = Subdistricts.inside(grids, "gy-02");
      Api.Response filed = api.post("/api/v1/tickets", dispatcher, Api.report("gas_leak", p[0], p[1], "楼道里有燃气味")
          .put("address", "公园路18号").put("contact", new JsonObject().put("name", "邓女士").put("phone", "13912340000")));
      assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
      assertThat(filed.json().getString("gridId")).isEqualTo("gy-02");
      assertThat(filed.json().getString("assigneeId")).isEqualTo(api.userId(worker));
      assertThat(filed.json().getString("number")).startsWith("CX-");
      // the worker sees it and signs for it: the imported SLA (gas leak, 15 minutes) runs
      assertThat(api.act(filed.json().getString("id"), "accept", worker, null).status()).isEqualTo(200);
      assertThat(db.count("SELECT count(*) FROM deadlines d JOIN tickets t ON t.id = d.ticket_id WHERE t.number = $1",
          filed.json().getString("number"))).isPositive();
    } finally {
      node.stop();
    }
  }

  @Test
  void importingTheSameFilesAgainChangesNothing() {
    example();
    Map<String, String> before = db.fingerprint();
    SubdistrictImport.Outcome again = Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE);
    assertThat(again.problems()).isEmpty();
    assertThat(again.written().isEmpty()).as(again.written().changed().encode()).isTrue();
    assertThat(again.written().accounts()).as("no password is made, none is reset").isEmpty();
    assertThat(db.fingerprint()).isEqualTo(before);
  }

  @Test
  void aChangedFileChangesOnlyWhatItChanges() throws Exception {
    example();
    Path dir = Subdistricts.copyOfExample();
    spoil(dir, SubdistrictFiles.DEPARTMENTS, list -> list.getJsonObject(0).put("phone", "020-36889999"));
    long audits = db.count("SELECT count(*) FROM audit_log WHERE action = 'subdistrict.import'");
    Map<String, String> users = db.fingerprint("users", "user_grids", "grid_backups", "grids", "categories");
    SubdistrictImport.Outcome changed = Subdistricts.importInto(vertx, database.uri(), dir);
    assertThat(changed.written().changed().fieldNames()).containsExactly("departments");
    assertThat(changed.written().changed().getJsonArray("departments")).containsExactly("gas");
    assertThat(db.fingerprint("users", "user_grids", "grid_backups", "grids", "categories")).isEqualTo(users);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'subdistrict.import'")).isEqualTo(audits + 1);
    JsonObject row = db.one("SELECT before, after FROM audit_log WHERE action = 'subdistrict.import' ORDER BY id DESC LIMIT 1").toJson();
    assertThat(row.encode()).contains("020-36881001", "020-36889999");
    // and back as the example has it
    assertThat(Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE).written().changed().getJsonArray("departments"))
        .containsExactly("gas");
  }

  @Test
  void aSpoiltDirectoryIsRefusedWithEveryProblemAndNothingIsWritten() throws Exception {
    EmbeddedDatabase empty = EmbeddedDatabase.start(TestData.directory("dispatch-import-empty-"), 0);
    try (Db emptyDb = new Db(vertx, empty.uri())) {
      org.griddispatch.store.Database.migrate(empty.uri(), org.griddispatch.ticket.Vocabulary.sql());
      Map<String, String> before = emptyDb.fingerprint();

      Path dir = Subdistricts.copyOfExample();
      // an invalid polygon: a bow tie, its edges crossing
      spoilGrid(dir, "js-01", f -> f.put("geometry", new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray()
          .add(new JsonArray().add(pos(113.217, 23.397)).add(pos(113.223, 23.403)).add(pos(113.223, 23.397)).add(pos(113.217, 23.403))
              .add(pos(113.217, 23.397))))));
      // an overlap: gy-01 spread over gy-02
      spoilGrid(dir, "gy-01", f -> f.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(2).set(0, 113.2140));
      // an unknown department
      spoil(dir, SubdistrictFiles.USERS, list -> list.stream().map(JsonObject.class::cast)
          .filter(u -> "xh-dept-water".equals(u.getString("username"))).findFirst().orElseThrow().put("deptId", "fire-brigade"));
      // a missing SLA field
      spoil(dir, SubdistrictFiles.CATEGORIES, list -> list.getJsonObject(2).getJsonObject("sla").remove("reportInMinutes"));

      SubdistrictImport.Outcome refused = Subdistricts.importInto(vertx, empty.uri(), dir);
      List<String> problems = refused.problems().stream().map(Problem::toString).toList();
      assertThat(problems).as(String.join("\n", problems)).hasSize(5);
      assertThat(problems).anySatisfy(p -> assertThat(p).matches("grids\\.geojson:\\d+: features\\[\\d+\\] \\(js-01\\): geometry: not a valid polygon: self-intersection.*"));
      assertThat(problems).anySatisfy(p -> assertThat(p).matches("grids\\.geojson:\\d+: features\\[\\d+\\] \\(gy-01\\): overlaps grid gy-02 \\(about \\d+ m²\\)"));
      assertThat(problems).anySatisfy(p -> assertThat(p).matches("grids\\.geojson:\\d+: features\\[\\d+\\] \\(gy-02\\): overlaps grid gy-01 .*"));
      assertThat(problems).anySatisfy(p -> assertThat(p).matches("users\\.json:\\d+: user xh-dept-water: deptId: unknown department fire-brigade"));
      assertThat(problems).anySatisfy(p -> assertThat(p).matches("categories\\.json:\\d+: category power_outage: sla\\.reportInMinutes: required"));
      // the line is the line the problem is on
      String users = Files.readString(dir.resolve(SubdistrictFiles.USERS));
      Problem dept = refused.problems().stream().filter(p -> p.file().equals("users.json")).findFirst().orElseThrow();
      assertThat(users.lines().skip(dept.line() - 1).findFirst().orElseThrow()).contains("\"deptId\"", "fire-brigade");

      assertThat(emptyDb.fingerprint()).as("nothing written").isEqualTo(before);
      assertThat(emptyDb.count("SELECT count(*) FROM grids")).isZero();
    } finally {
      empty.close();
    }
  }

  @Test
  void eachKindOfMistakeIsNamedAlone() throws Exception {
    example();
    Map<String, String> before = db.fingerprint();
    Map<String, Consumer<Path>> mistakes = Map.of(
        "users.json:\\d+: user xh-worker-js-02: role: must be one of .*", dir -> spoil(dir, SubdistrictFiles.USERS,
            list -> list.getJsonObject(5).put("role", "boss")),
        "users.json:\\d+: user xh-worker-js-02: username repeats the one on line \\d+", dir -> spoil(dir, SubdistrictFiles.USERS,
            list -> list.getJsonObject(6).put("username", "xh-worker-js-02")),
        // the copies are pretty-printed by Vert.x, which opens the first entry on line 1 ("[ {")
        "departments.json:\\d+: department gas: id repeats the one on line 1", dir -> spoil(dir, SubdistrictFiles.DEPARTMENTS,
            list -> list.add(list.getJsonObject(0).copy())),
        "grids.geojson:\\d+: features\\[11\\] \\(df-02\\): id df-02 repeats features\\[1\\]", dir -> addGrid(dir,
            Subdistricts.feature(Subdistricts.read(dir.resolve(SubdistrictFiles.GRIDS)), "df-02").copy().put("geometry", square(113.30, 23.30))),
        "users.json:\\d+: user xh-worker-ab: backupGridIds: unknown grid zz-09", dir -> spoil(dir, SubdistrictFiles.USERS,
            list -> list.getJsonObject(11).getJsonArray("backupGridIds").add("zz-09")),
        "categories.json:\\d+: category gas_leak: sla\\.clock: must be working or calendar", dir -> spoil(dir, SubdistrictFiles.CATEGORIES,
            list -> list.getJsonObject(0).getJsonObject("sla").put("clock", "lunar")),
        "services.json:\\d+: service item childcare_subsidy: deptId: unknown department welfare", dir -> spoil(dir, SubdistrictFiles.SERVICES,
            list -> list.getJsonObject(1).put("deptId", "welfare")),
        "categories.json:2: not valid JSON: .*", dir -> write(dir, SubdistrictFiles.CATEGORIES, "[\n  {\"code\": }\n]"));
    for (Map.Entry<String, Consumer<Path>> mistake : mistakes.entrySet()) {
      Path dir = Subdistricts.copyOfExample();
      mistake.getValue().accept(dir);
      SubdistrictImport.Outcome refused = Subdistricts.importInto(vertx, database.uri(), dir);
      assertThat(refused.problems()).as(mistake.getKey()).hasSize(1);
      assertThat(refused.problems().get(0).toString()).matches(mistake.getKey());
    }
    Path noUsers = Subdistricts.copyOfExample();
    Files.delete(noUsers.resolve(SubdistrictFiles.USERS));
    assertThat(Subdistricts.importInto(vertx, database.uri(), noUsers).problems()).extracting(Problem::toString)
        .singleElement().asString().startsWith("users.json: missing from");
    assertThat(db.fingerprint()).isEqualTo(before);
  }

  @Test
  void aPasswordInTheUsersFileIsTheNewAccountsAndNeverReplacesAnExistingOne() throws Exception {
    example();
    Path dir = Subdistricts.copyOfExample();
    spoil(dir, SubdistrictFiles.USERS, list -> {
      list.add(new JsonObject().put("username", "xh-worker-new").put("name", "新来的").put("role", "grid_worker")
          .put("gridIds", new JsonArray().add("gy-04")).put("password", "given-pass-1"));
      list.getJsonObject(0).put("password", "would-reset-it");
    });
    String hashBefore = db.one("SELECT password_hash FROM users WHERE username = 'xh-worker-df-01'").getString(0);
    SubdistrictImport.Outcome outcome = Subdistricts.importInto(vertx, database.uri(), dir);
    assertThat(outcome.written().accounts()).singleElement().satisfies(a -> {
      assertThat(a.username()).isEqualTo("xh-worker-new");
      assertThat(a.passwordGiven()).isTrue();
    });
    assertThat(db.one("SELECT password_hash FROM users WHERE username = 'xh-worker-df-01'").getString(0)).isEqualTo(hashBefore);
    assertThat(new org.griddispatch.auth.Passwords(1000).verify("given-pass-1",
        db.one("SELECT password_hash FROM users WHERE username = 'xh-worker-new'").getString(0))).isTrue();
    // the example again: the extra worker leaves gy-04 (the files say who works where) but keeps the account
    SubdistrictImport.Outcome back = Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE);
    assertThat(back.written().changed().getJsonObject("grids").getJsonArray("restaffed")).containsExactly("gy-04");
    assertThat(db.count("SELECT count(*) FROM users WHERE username = 'xh-worker-new'")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM user_grids g JOIN users u ON u.id = g.user_id WHERE u.username = 'xh-worker-new'")).isZero();
  }

  /** A small square far from the example's grids. */
  private static JsonObject square(double lon, double lat) {
    return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(lon, lat)).add(pos(lon + 0.001, lat)).add(pos(lon + 0.001, lat + 0.001)).add(pos(lon, lat + 0.001)).add(pos(lon, lat))));
  }

  private static void addGrid(Path dir, JsonObject feature) {
    JsonObject grids = Subdistricts.read(dir.resolve(SubdistrictFiles.GRIDS));
    grids.getJsonArray("features").add(feature);
    Subdistricts.write(dir.resolve(SubdistrictFiles.GRIDS), grids);
  }

  private static JsonArray pos(double lon, double lat) {
    return new JsonArray().add(lon).add(lat);
  }

  private static void spoil(Path dir, String file, Consumer<JsonArray> change) {
    JsonArray list = Subdistricts.readArray(dir.resolve(file));
    change.accept(list);
    Subdistricts.write(dir.resolve(file), list);
  }

  private static void spoilGrid(Path dir, String gridId, Consumer<JsonObject> change) {
    JsonObject grids = Subdistricts.read(dir.resolve(SubdistrictFiles.GRIDS));
    change.accept(Subdistricts.feature(grids, gridId));
    Subdistricts.write(dir.resolve(SubdistrictFiles.GRIDS), grids);
  }

  private static void write(Path dir, String file, String text) {
    try {
      Files.writeString(dir.resolve(file), text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
