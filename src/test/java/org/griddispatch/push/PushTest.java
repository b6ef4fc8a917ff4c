package org.griddispatch.push;

import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real WebSocket clients against a real node. */
class PushTest extends NodeTest {


  private JsonObject fileIn(String gridId, String phone) {
    JsonObject p = Points.of(gridId);
    return api.file(phone, Api.report("water_leak", p.getDouble("lat"), p.getDouble("lon"), "漏水 " + gridId));
  }

  @Test
  void aWorkerSeesNewTicketsOfTheirGridAndNotOthers() {
    try (Terminal worker = Terminal.connect(vertx, node.port(), api.login("worker-wls-03"))) {
      assertThat(worker.subscribe("grid:wls-03", null).getString("op")).isEqualTo("subscribed");
      JsonObject other = fileIn("wls-04", "13800000001");
      JsonObject mine = fileIn("wls-03", "13800000001");
      JsonObject created = worker.event(mine.getString("id"), 10);
      assertThat(created.getString("type")).isEqualTo("created");
      assertThat(created.getInteger("seq")).isEqualTo(1);
      assertThat(created.getJsonObject("ticket").getString("number")).isEqualTo(mine.getString("number"));
      assertThat(worker.event(mine.getString("id"), 10).getString("type")).isEqualTo("assigned");
      assertThat(worker.quietFor(300)).noneMatch(f -> other.getString("id").equals(f.getString("ticketId")));
    }
  }

  @Test
  void aResidentSeesEveryStepOfTheirTicketAndIsRefusedAnothers() {
    JsonObject t = fileIn("wls-01", "13800000002");
    JsonObject someoneElses = fileIn("wls-01", "13800000003");
    try (Terminal phone = Terminal.connect(vertx, node.port(), api.resident("13800000002"))) {
      assertThat(phone.subscribe("ticket:" + t.getString("id"), "0.0").getString("op")).isEqualTo("subscribed");
      assertThat(phone.event(t.getString("id"), 10).getString("type")).isEqualTo("created");
      assertThat(phone.event(t.getString("id"), 10).getString("type")).isEqualTo("assigned");
      String worker = api.login("worker-wls-01");
      api.act(t.getString("id"), "accept", worker, null);
      api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "修好了"));
      api.act(t.getString("id"), "rate", api.resident("13800000002"), new JsonObject().put("rating", "good"));
      api.act(t.getString("id"), "close", api.login("dispatcher"), null);
      List<String> steps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        JsonObject e = phone.event(t.getString("id"), 10);
        assertThat(e.getInteger("seq")).isEqualTo(3 + i);
        steps.add(e.getString("type"));
      }
      assertThat(steps).containsExactly("accepted", "resolved", "rated", "closed");
      JsonObject refused = phone.subscribe("ticket:" + someoneElses.getString("id"), null);
      assertThat(refused.getString("op")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(phone.subscribe("center", null).getString("code")).isEqualTo("forbidden");
      assertThat(phone.subscribe("grid:wls-01", null).getString("code")).isEqualTo("forbidden");
      // the socket stays open and usable
      assertThat(phone.subscribe("me", null).getString("op")).isEqualTo("subscribed");
    }
  }

  @Test
  void aTerminalThatReconnectsWithItsCursorGetsExactlyWhatItMissedInOrder() {
    String token = api.login("dispatcher");
    String lastCursor;
    List<String> seen = new ArrayList<>();
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      centre.subscribe("grid:bts-01", null);
      JsonObject first = fileIn("bts-01", "13800000001");
      JsonObject e1 = centre.event(first.getString("id"), 10);
      JsonObject e2 = centre.event(first.getString("id"), 10);
      seen.add(e1.getString("ticketId") + "#" + e1.getInteger("seq"));
      seen.add(e2.getString("ticketId") + "#" + e2.getInteger("seq"));
      lastCursor = e2.getString("cursor");
    }
    // a burst of changes while the terminal is away
    List<String> expected = fileWhileAway("bts-01", 15, 3, new ArrayList<>());
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      JsonObject ack = centre.subscribe("grid:bts-01", lastCursor);
      assertThat(ack.getString("cursor")).isEqualTo(lastCursor);
      assertThat(eventsInOrder(centre, lastCursor, expected.size(), e -> { })).containsExactlyElementsOf(expected);
      assertThat(centre.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
      // and it is live after the replay
      JsonObject live = fileIn("bts-01", "13800000001");
      assertThat(centre.event(live.getString("id"), 10).getInteger("seq")).isEqualTo(1);
    }
  }

  @Test
  void aReplayOfSeveralPagesComesInOrderOnceWithEachTicketAsItNowStands() {
    String token = api.login("dispatcher");
    String from = positionNow(token, "grid:bts-04");
    // more events than two of the node's replay pages (half of maxPendingFrames: 50 here), several to a ticket
    List<String> accepted = new ArrayList<>();
    List<String> expected = fileWhileAway("bts-04", 45, 2, accepted);
    assertThat(expected.size()).isGreaterThan(100);
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      centre.subscribe("grid:bts-04", from);
      // every frame of a ticket carries it as it stands now, whichever of its events the frame is
      assertThat(eventsInOrder(centre, from, expected.size(), e -> assertThat(e.getJsonObject("ticket").getString("status"))
          .isEqualTo(accepted.contains(e.getString("ticketId")) ? "accepted" : "assigned"))).containsExactlyElementsOf(expected);
      assertThat(centre.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
    }
  }

  /**
   * Files {@code count} tickets in the grid, its worker accepting the first of every {@code acceptEvery}
   * (0: none, the ids of those accepted added to {@code accepted}); answers their events as
   * {@code ticketId#seq}, in the order they were written.
   */
  private List<String> fileWhileAway(String grid, int count, int acceptEvery, List<String> accepted) {
    String worker = api.login("worker-" + grid);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject t = fileIn(grid, "13800000001");
      events.add(t.getString("id") + "#1");
      events.add(t.getString("id") + "#2");
      if (acceptEvery > 0 && i % acceptEvery == 0) {
        assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
        events.add(t.getString("id") + "#3");
        accepted.add(t.getString("id"));
      }
    }
    return events;
  }

  /**
   * The next {@code count} event frames, each after the one before it (the first after {@code from}),
   * each also handed to {@code each}; answered as {@code ticketId#seq}.
   */
  private static List<String> eventsInOrder(Terminal t, String from, int count, java.util.function.Consumer<JsonObject> each) {
    List<String> got = new ArrayList<>();
    String previous = from;
    while (got.size() < count) {
      JsonObject e = t.next(f -> "event".equals(f.getString("op")), 10);
      assertThat(Cursor.parse(e.getString("cursor")).after(Cursor.parse(previous))).isTrue();
      previous = e.getString("cursor");
      got.add(e.getString("ticketId") + "#" + e.getInteger("seq"));
      each.accept(e);
    }
    return got;
  }

  /** Where the topic's live stream stands now: a cursor to come back with later. */
  private String positionNow(String token, String topic) {
    try (Terminal t = Terminal.connect(vertx, node.port(), token)) {
      return t.subscribe(topic, null).getString("cursor");
    }
  }

  /** Subscribes with a replay limit and answers the first frame about the topic: it must be the acknowledgement, before any event. */
  private static JsonObject firstAbout(Terminal t, String topic, String after, int replayLimit) {
    t.send(new JsonObject().put("op", "subscribe").put("topic", topic).put("after", after).put("replayLimit", replayLimit));
    JsonObject first = t.next(f -> topic.equals(f.getString("topic")), 10);
    assertThat(first.getString("op")).as("the first frame about " + topic + ": " + first.encode()).isEqualTo("subscribed");
    return first;
  }

  @Test
  void aTerminalFartherBehindThanItsReplayLimitIsToldToReloadAndFollowsFromNow() {
    String token = api.login("dispatcher");
    String from = positionNow(token, "grid:bts-01");
    List<String> missed = fileWhileAway("bts-01", 6, 0, new ArrayList<>());
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      // one fewer than it missed: nothing replayed, told to reload, the stream continues after what it missed
      JsonObject ack = firstAbout(centre, "grid:bts-01", from, missed.size() - 1);
      assertThat(ack.getString("op")).isEqualTo("subscribed");
      assertThat(ack.getBoolean("reload")).isTrue();
      assertThat(Cursor.parse(ack.getString("cursor")).after(Cursor.parse(from))).isTrue();
      assertThat(centre.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
      JsonObject live = fileIn("bts-01", "13800000001");
      JsonObject first = centre.event(live.getString("id"), 10);
      assertThat(first.getInteger("seq")).isEqualTo(1);
      assertThat(Cursor.parse(first.getString("cursor")).after(Cursor.parse(ack.getString("cursor")))).isTrue();
      missed.add(live.getString("id") + "#1");
      missed.add(live.getString("id") + "#2");
    }
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      // as many as it missed: all of them, in order, and no reload
      JsonObject ack = firstAbout(centre, "grid:bts-01", from, missed.size());
      assertThat(ack.getString("cursor")).isEqualTo(from);
      assertThat(ack.containsKey("reload")).isFalse();
      assertThat(eventsInOrder(centre, from, missed.size(), e -> { })).containsExactlyElementsOf(missed);
    }
  }

  @Test
  void subscribingAgainWhileTheFirstIsStillCountedLeavesOnlyTheSecondsAnswer() {
    String token = api.login("dispatcher");
    String from = positionNow(token, "grid:bts-01");
    for (int i = 0; i < 2; i++) fileIn("bts-01", "13800000001");
    try (Terminal centre = Terminal.connect(vertx, node.port(), token)) {
      // the first asks to be counted (and would be told to reload); the second, sent at once, follows from now
      centre.send(new JsonObject().put("op", "subscribe").put("topic", "grid:bts-01").put("after", from).put("replayLimit", 1));
      centre.send(new JsonObject().put("op", "subscribe").put("topic", "grid:bts-01"));
      List<JsonObject> about = centre.quietFor(1000).stream().filter(f -> "grid:bts-01".equals(f.getString("topic"))).toList();
      assertThat(about).as("frames about the topic").isNotEmpty()
          .allMatch(f -> "subscribed".equals(f.getString("op")), "only acknowledgements, nothing replayed");
      // whichever way the two crossed, the last word is the second subscription's (the first's, if late, is not sent)
      assertThat(about.get(about.size() - 1).containsKey("reload")).as(about.toString()).isFalse();
      JsonObject live = fileIn("bts-01", "13800000001");
      assertThat(centre.event(live.getString("id"), 10).getInteger("seq")).isEqualTo(1);
      assertThat(centre.event(live.getString("id"), 10).getInteger("seq")).isEqualTo(2);
      assertThat(centre.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
    }
  }

  @Test
  void aReplayLimitThatIsNotAWholeNumberInRangeIsRefusedAndTheSubscriptionStaysAsItWas() {
    try (Terminal centre = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      String from = centre.subscribe("grid:bts-04", null).getString("cursor");
      for (Object bad : new Object[] {0, -5, 1.5, "ten", 100_001, true}) {
        JsonObject refused = centre.subscribe("grid:bts-04", from, bad);
        assertThat(refused.getString("op")).as("replayLimit %s", bad).isEqualTo("error");
        assertThat(refused.getString("code")).isEqualTo("bad_request");
        assertThat(refused.getString("message")).contains("replayLimit");
      }
      // the first subscription still follows the grid live, nothing replayed or doubled
      JsonObject t = fileIn("bts-04", "13800000001");
      assertThat(centre.event(t.getString("id"), 10).getInteger("seq")).isEqualTo(1);
      assertThat(centre.event(t.getString("id"), 10).getInteger("seq")).isEqualTo(2);
      assertThat(centre.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
    }
    // a limit changes nothing of who may follow what
    try (Terminal phone = Terminal.connect(vertx, node.port(), api.resident("13800000002"))) {
      assertThat(phone.subscribe("center", "0.0", 10).getString("code")).isEqualTo("forbidden");
      assertThat(phone.subscribe("grid:bts-04", "0.0", 10).getString("code")).isEqualTo("forbidden");
    }
  }

  @Test
  void badFramesGetAnErrorAndTheSocketLivesOn() {
    try (Terminal t = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      t.sendText("this is not json");
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("bad_request");
      t.sendText("[1,2]");
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("bad_request");
      t.send(new JsonObject().put("op", "dance"));
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("bad_request");
      t.send(new JsonObject().put("op", "subscribe").put("topic", "weather:tomorrow"));
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("bad_request");
      t.send(new JsonObject().put("op", "subscribe").put("topic", "center").put("after", "not-a-cursor"));
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("bad_request");
      t.sendText(new JsonObject().put("op", "ping").put("pad", "x".repeat(20_000)).encode());
      assertThat(t.next(f -> "error".equals(f.getString("op")), 5).getString("code")).isEqualTo("too_large");
      t.send(new JsonObject().put("op", "ping"));
      assertThat(t.next(f -> "pong".equals(f.getString("op")), 5)).isNotNull();
      assertThat(t.subscribe("center", null).getString("op")).isEqualTo("subscribed");
    }
  }

  @Test
  void upgradesWithoutAValidTokenAreRefusedWith401() {
    var client = vertx.createWebSocketClient();
    for (String uri : new String[] {"/ws", "/ws?access_token=nonsense"}) {
      assertThatThrownBy(() -> client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port()).setURI(uri))
          .await()).hasMessageContaining("401");
    }
    // a foreign page's origin may not open one
    assertThatThrownBy(() -> client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
        .setURI("/ws?access_token=" + api.login("dispatcher")).addHeader("Origin", "http://evil.example")).await())
        .hasMessageContaining("403");
    // the bearer sub-protocol carries the token as well
    var ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port()).setURI("/ws")
        .addSubProtocol("bearer").addSubProtocol(api.login("dispatcher"))).await();
    assertThat(ws.subProtocol()).isEqualTo("bearer");
    ws.close().await();
    client.close();
  }

  @Test
  void announcementsReachResidentsLive() {
    try (Terminal phone = Terminal.connect(vertx, node.port(), api.resident("13800000001"))) {
      phone.subscribe("me", null);
      Api.Response posted = api.post("/api/v1/announcements", api.login("dispatcher"),
          new JsonObject().put("title", "育儿补贴开始申领").put("body", "即日起可在一窗受理申领育儿补贴。"));
      assertThat(posted.status()).isEqualTo(201);
      JsonObject notice = phone.next(f -> "announcement".equals(f.getString("op")), 10);
      assertThat(notice.getString("title")).isEqualTo("育儿补贴开始申领");
      assertThat(api.post("/api/v1/announcements", api.resident("13800000001"),
          new JsonObject().put("title", "x").put("body", "y")).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/announcements", api.resident("13800000001")).body()).contains("育儿补贴开始申领");
    }
  }
}
