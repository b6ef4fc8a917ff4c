package org.griddispatch.auth;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Three nodes, each with its own data directory and not clustered, sharing one database as three
 * servers behind a balancer would: every node accepts every node's tokens, before and after the key
 * is rotated, and a sign-in that ends on one node ends on all of them, sockets included, once a second
 * has passed on the nodes' clock (which the test moves: nothing here waits on time but the sockets' close).
 */
@ExtendWith(VertxExtension.class)
class SignInsAcrossNodesTest {
  private static EmbeddedDatabase database;
  private static final List<Server> nodes = new ArrayList<>();
  private static final List<Api> apis = new ArrayList<>();
  private static Db db;
  /** The nodes' clock: what a node believes of an account it believes for revocationCheckMillis (1 s) of it. */
  private static final TestClock clock = new TestClock();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    database = EmbeddedDatabase.start(TestData.directory("dispatch-signins-db-"), 0);
    for (int i = 0; i < 3; i++) {
      Server node = TestNode.start(TestData.directory("dispatch-signins-node-" + i + "-"),
          new JsonObject().put("pgUri", database.uri()).put("demo", true), clock);
      nodes.add(node);
      apis.add(new Api(vertx, node.port()));
    }
    db = new Db(vertx, database.uri());
  }

  @AfterAll
  static void stop() {
    db.close();
    nodes.forEach(Server::stop);
    database.close();
  }

  private static String signIn(Api api, String username, String password) {
    Api.Response r = api.post("/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password));
    assertThat(r.status()).as("login %s: %s", username, r).isEqualTo(200);
    return r.json().getString("token");
  }

  private static int statusEverywhere(String token, int expected) {
    for (Api api : apis) assertThat(api.get("/api/v1/tickets?limit=1", token).status()).isEqualTo(expected);
    return expected;
  }

  /** Signs as a node would with the key {@code kid} (its private key read from the database). */
  private static JWTAuth forger(Vertx vertx, String kid) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256")
        .setBuffer(db.one("SELECT private_pem FROM signing_keys WHERE kid = $1", kid).getString(0))));
  }

  /** A second passes on the nodes' clock: every node asks the database again about what it believed. */
  private static void aSecondLater() {
    clock.advance(Duration.ofMillis(1001));
  }

  @Test
  void everyNodeAcceptsEveryNodesTokensBeforeAndAfterTheKeyIsRotated(Vertx vertx) throws Exception {
    List<String> tokens = apis.stream().map(api -> signIn(api, "supervisor", "demo1234")).toList();
    for (String token : tokens) statusEverywhere(token, 200);
    assertThat(db.count("SELECT count(*) FROM signing_keys")).isEqualTo(1);

    String admin = signIn(apis.get(1), "admin", "admin-test-pw");
    Api.Response rotated = apis.get(1).post("/api/v1/admin/keys/rotate", admin, new JsonObject());
    assertThat(rotated.status()).isEqualTo(200);
    String newKid = rotated.json().getString("kid");
    // another node, outside any cluster, reads the keys again as soon as it meets a token of a key it
    // does not know (else every keyRefreshMillis), and from then on signs with the new key
    String supervisorId = apis.get(0).userId(tokens.get(0));
    String byNewKey = forger(vertx, newKid).generateToken(new JsonObject().put("role", "supervisor").put("name", "姜文")
        .put("gridIds", new JsonArray()).put("gen", db.one("SELECT token_generation FROM users WHERE id = $1", supervisorId).getInteger(0)),
        new JWTOptions().setAlgorithm("ES256").setSubject(supervisorId).setHeader(new JsonObject().put("kid", newKid)).setExpiresInMinutes(5));
    assertThat(apis.get(2).get("/api/v1/tickets?limit=1", byNewKey).status()).isEqualTo(200);
    String fresh = signIn(apis.get(2), "supervisor", "demo1234");
    assertThat(header(fresh).getString("kid")).isEqualTo(newKid);
    // the new key's token and the old key's tokens: all good everywhere
    statusEverywhere(fresh, 200);
    for (String token : tokens) statusEverywhere(token, 200);
    assertThat(header(tokens.get(0)).getString("kid")).isNotEqualTo(newKid);

    // only an admin rotates
    assertThat(apis.get(0).post("/api/v1/admin/keys/rotate", fresh, new JsonObject()).status()).isEqualTo(403);
  }

  @Test
  void aDeactivatedUsersTokensAndSocketsEndOnEveryNodeAndReactivationNeedsANewSignIn(Vertx vertx) throws Exception {
    String token = signIn(apis.get(0), "dispatcher2", "demo1234");
    String id = apis.get(0).userId(token);
    String admin = signIn(apis.get(0), "admin", "admin-test-pw");
    statusEverywhere(token, 200);
    try (Terminal socket = Terminal.connect(vertx, nodes.get(2).port(), token)) {
      assertThat(socket.subscribe("center", null).getString("op")).isEqualTo("subscribed");

      Api.Response off = apis.get(0).call(HttpMethod.PATCH, "/api/v1/admin/users/" + id, admin,
          new JsonObject().put("active", false), null);
      assertThat(off.status()).isEqualTo(200);
      assertThat(off.json().getBoolean("active")).isFalse();
      aSecondLater();
      statusEverywhere(token, 401);
      // the socket's node checks its sockets' sign-ins every second of real time, in the database
      assertThat(socket.awaitClose(10)).isEqualTo((short) 4003);
    }
    assertThat(apis.get(1).post("/api/v1/auth/login", null, new JsonObject().put("username", "dispatcher2")
        .put("password", "demo1234")).status()).isEqualTo(401);

    assertThat(apis.get(2).call(HttpMethod.PATCH, "/api/v1/admin/users/" + id, admin, new JsonObject().put("active", true), null)
        .status()).isEqualTo(200);
    statusEverywhere(token, 401); // the old token stays ended
    statusEverywhere(signIn(apis.get(1), "dispatcher2", "demo1234"), 200);
    // both changes are in the audit log, with the state before and after
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'user.change' AND target = $1"
        + " AND (before->>'active')::boolean <> (after->>'active')::boolean", "user:" + id)).isEqualTo(2);
  }

  @Test
  void signingOutAChangedPasswordAndAChangedRoleEachEndTheTokensEverywhere() throws Exception {
    String admin = signIn(apis.get(0), "admin", "admin-test-pw");

    String worker = signIn(apis.get(0), "worker-wls-02", "demo1234");
    Api.Response out = apis.get(1).post("/api/v1/auth/logout", worker, new JsonObject());
    assertThat(out.status()).isEqualTo(204);
    aSecondLater();
    statusEverywhere(worker, 401);

    String staff = signIn(apis.get(0), "dept-env", "demo1234");
    String staffId = apis.get(0).userId(staff);
    assertThat(apis.get(1).call(HttpMethod.PATCH, "/api/v1/admin/users/" + staffId, admin,
        new JsonObject().put("password", "a-new-password"), null).status()).isEqualTo(200);
    aSecondLater();
    statusEverywhere(staff, 401);
    signIn(apis.get(2), "dept-env", "a-new-password");
    assertThat(db.one("SELECT after->>'password' FROM audit_log WHERE target = $1", "user:" + staffId).getString(0))
        .isEqualTo("changed"); // never the hash

    String dispatcher = signIn(apis.get(0), "dispatcher", "demo1234");
    String dispatcherId = apis.get(0).userId(dispatcher);
    assertThat(apis.get(2).call(HttpMethod.PATCH, "/api/v1/admin/users/" + dispatcherId, admin,
        new JsonObject().put("role", "supervisor"), null).json().getString("role")).isEqualTo("supervisor");
    aSecondLater();
    statusEverywhere(dispatcher, 401);
    String again = signIn(apis.get(1), "dispatcher", "demo1234");
    assertThat(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(again.split("\\.")[1])))
        .getString("role")).isEqualTo("supervisor");
  }

  @Test
  void aWorkersNewGridsApplyOnEveryNodeWithoutANewSignInAndTheirSocketsMoveToThem(Vertx vertx) throws Exception {
    String token = signIn(apis.get(0), "worker-wls-04", "demo1234");
    String id = apis.get(0).userId(token);
    String admin = signIn(apis.get(0), "admin", "admin-test-pw");
    JsonObject there = org.griddispatch.support.Points.of("bts-04");
    JsonObject here = org.griddispatch.support.Points.of("wls-04");
    String newGridTicket = apis.get(0).file("13800000071", Api.report("garbage", there.getDouble("lat"), there.getDouble("lon"), "垃圾")).getString("id");
    String oldGridTicket = apis.get(0).file("13800000072", Api.report("garbage", here.getDouble("lat"), here.getDouble("lon"), "垃圾")).getString("id");
    for (Api a : apis) {
      assertThat(a.get("/api/v1/tickets/" + newGridTicket, token).status()).isEqualTo(404);
      assertThat(a.get("/api/v1/tickets/" + oldGridTicket, token).status()).isEqualTo(200);
    }
    try (Terminal socket = Terminal.connect(vertx, nodes.get(2).port(), token)) {
      assertThat(socket.subscribe("grid:wls-04", null).getString("op")).isEqualTo("subscribed");

      assertThat(apis.get(1).call(HttpMethod.PATCH, "/api/v1/admin/users/" + id, admin,
          new JsonObject().put("gridIds", new JsonArray().add("bts-04")), null).status()).isEqualTo(200);
      // the same token, on every node: the new grid's tickets in; the old grid's ticket stays theirs to finish
      aSecondLater();
      for (Api a : apis) assertThat(a.get("/api/v1/tickets/" + newGridTicket, token).status()).isEqualTo(200);
      for (Api a : apis) assertThat(a.get("/api/v1/tickets/" + oldGridTicket, token).status()).isEqualTo(200);
      assertThat(socket.awaitClose(10)).isEqualTo((short) 4004);
    }
    assertThat(apis.get(2).get("/api/v1/auth/me", token).json().getJsonArray("gridIds").getList()).containsExactly("bts-04");
    try (Terminal again = Terminal.connect(vertx, nodes.get(0).port(), token)) {
      assertThat(again.subscribe("grid:bts-04", null).getString("op")).isEqualTo("subscribed");
      JsonObject refused = again.subscribe("grid:wls-04", null);
      assertThat(refused.getString("op")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("forbidden");
    }
    assertThat(apis.get(0).call(HttpMethod.PATCH, "/api/v1/admin/users/" + id, admin,
        new JsonObject().put("gridIds", new JsonArray().add("wls-04")), null).status()).isEqualTo(200);
    aSecondLater();
    for (Api a : apis) assertThat(a.get("/api/v1/tickets/" + newGridTicket, token).status()).isEqualTo(404);
  }

  @Test
  void tokensSignedWithTheRightKeyButBadClaimsAreRefusedWith401(Vertx vertx) {
    String kid = db.one("SELECT kid FROM signing_keys WHERE retired_at IS NULL").getString(0);
    JWTAuth forger = forger(vertx, kid);
    String subject = apis.get(0).userId(signIn(apis.get(0), "supervisor", "demo1234"));
    JsonObject good = new JsonObject().put("role", "supervisor").put("name", "姜文").put("gridIds", new JsonArray());
    List<JsonObject> bad = List.of(
        good.copy().put("role", "wizard"),
        good.copy().put("role", "system"),
        good.copy().put("role", 7),
        good.copy().put("gridIds", "jgm-01"),
        good.copy().put("name", new JsonObject()),
        good.copy().put("gen", "zero"),
        new JsonObject());
    for (JsonObject claims : bad) {
      String token = forger.generateToken(claims, new JWTOptions().setAlgorithm("ES256").setSubject(subject)
          .setHeader(new JsonObject().put("kid", kid)).setExpiresInMinutes(5));
      assertThat(apis.get(0).get("/api/v1/tickets?limit=1", token).status()).as("claims %s", claims).isEqualTo(401);
      assertThat(apis.get(0).get("/api/v1/tickets?limit=1", token).errorCode()).isEqualTo("unauthorized");
    }
    String noSubject = forger.generateToken(good, new JWTOptions().setAlgorithm("ES256").setExpiresInMinutes(5));
    assertThat(apis.get(0).get("/api/v1/tickets?limit=1", noSubject).status()).isEqualTo(401);
    String stranger = forger.generateToken(good, new JWTOptions().setAlgorithm("ES256").setSubject("nobody").setExpiresInMinutes(5));
    assertThat(apis.get(0).get("/api/v1/tickets?limit=1", stranger).status()).isEqualTo(401);
    // the same key and good claims pass: the refusals above are the claims'
    String fine = forger.generateToken(good, new JWTOptions().setAlgorithm("ES256").setSubject(subject)
        .setHeader(new JsonObject().put("kid", kid)).setExpiresInMinutes(5));
    assertThat(apis.get(0).get("/api/v1/tickets?limit=1", fine).status()).isEqualTo(200);
  }

  @Test
  void changingAUserRefusesBadInputAndTheWrongRoleAndChangesNothing() {
    Api api = apis.get(0);
    String admin = signIn(api, "admin", "admin-test-pw");
    String supervisor = signIn(api, "supervisor", "demo1234");
    String workerToken = signIn(api, "worker-bts-01", "demo1234");
    String worker = api.userId(workerToken);
    String adminId = api.userId(admin);
    JsonObject before = user(api, admin, worker);
    long audits = db.count("SELECT count(*) FROM audit_log");

    assertThat(api.call(HttpMethod.PATCH, "/api/v1/admin/users/" + worker, supervisor, new JsonObject().put("active", false), null)
        .status()).isEqualTo(403);
    assertThat(api.call(HttpMethod.PATCH, "/api/v1/admin/users/no-such-user", admin, new JsonObject().put("active", false), null)
        .status()).isEqualTo(404);
    for (JsonObject body : List.of(new JsonObject(), new JsonObject().put("active", "no"), new JsonObject().put("onDuty", 1),
        new JsonObject().put("role", "resident"), new JsonObject().put("role", "king"), new JsonObject().put("password", "short"),
        new JsonObject().put("gridIds", new JsonArray().add("no-such-grid")), new JsonObject().put("gridIds", new JsonArray()),
        new JsonObject().put("deptId", "gas"), new JsonObject().put("phone", "12"), new JsonObject().put("username", "renamed"),
        new JsonObject().put("role", "dept_staff"))) {
      Api.Response r = api.call(HttpMethod.PATCH, "/api/v1/admin/users/" + worker, admin, body, null);
      assertThat(r.status()).as("%s -> %s", body, r).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("validation_failed");
    }
    Api.Response self = api.call(HttpMethod.PATCH, "/api/v1/admin/users/" + adminId, admin, new JsonObject().put("active", false), null);
    assertThat(self.status()).isEqualTo(409);

    assertThat(user(api, admin, worker)).isEqualTo(before);
    assertThat(db.count("SELECT count(*) FROM audit_log")).isEqualTo(audits);
    assertThat(api.get("/api/v1/tickets?limit=1", workerToken).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/tickets?limit=1", admin).status()).isEqualTo(200);

    // a good change: the worker goes off duty, which does not end their sign-in
    Api.Response offDuty = api.call(HttpMethod.PATCH, "/api/v1/admin/users/" + worker, admin, new JsonObject().put("onDuty", false),
        Map.of());
    assertThat(offDuty.status()).isEqualTo(200);
    assertThat(offDuty.json().getBoolean("onDuty")).isFalse();
    assertThat(api.get("/api/v1/tickets?limit=1", workerToken).status()).isEqualTo(200);
  }

  private static JsonObject user(Api api, String admin, String id) {
    for (Object o : api.get("/api/v1/admin/users?role=grid_worker", admin).json().getJsonArray("items")) {
      if (id.equals(((JsonObject) o).getString("id"))) return (JsonObject) o;
    }
    throw new AssertionError("no user " + id);
  }

  private static JsonObject header(String token) {
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0])));
  }
}
