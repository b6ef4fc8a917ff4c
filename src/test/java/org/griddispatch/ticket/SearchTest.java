package org.griddispatch.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /tickets?q= on a real node: by number, phone, last four digits and Chinese words, never beyond the searcher's scope. */
class SearchTest extends NodeTest {
  /** Three Chinese characters no other test writes, so that what a search finds is this test's. */
  private static String rareWord() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 3; i++) s.appendCodePoint(0x5000 + ThreadLocalRandom.current().nextInt(0x3000));
    return s.toString();
  }

  private static String phone() {
    return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  private JsonObject fileAtWindow(String grid, String description, String address, String phone) {
    JsonObject p = Points.of(grid);
    JsonObject body = Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), description).put("address", address)
        .put("contact", new JsonObject().put("name", "窗口来人").put("phone", phone)).put("channel", "window");
    Api.Response r = api.post("/api/v1/tickets", api.login("dispatcher"), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private Api.Response search(String q, String token, String more) {
    return api.get("/api/v1/tickets?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, token);
  }

  private List<String> found(String q, String token) {
    Api.Response r = search(q, token, "");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return ids(r.json().getJsonArray("items"));
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void findsByNumberPhoneLastFourDigitsAndChineseWords() {
    String word = rareWord();
    String phone = phone();
    JsonObject t = fileAtWindow("dxm-04", "东门的路灯" + word + "不亮了", "东溪门北路18号", phone);
    String id = t.getString("id");
    String dispatcher = api.login("dispatcher");

    assertThat(found(t.getString("number"), dispatcher)).containsExactly(id);
    assertThat(found(t.getString("number").toLowerCase(), dispatcher)).containsExactly(id);
    assertThat(found(phone, dispatcher)).contains(id);
    assertThat(found(phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7), dispatcher)).contains(id);
    assertThat(found(phone.substring(7), dispatcher)).contains(id);
    assertThat(found(word, dispatcher)).containsExactly(id);
    assertThat(found(word.substring(1) + "不亮", dispatcher)).containsExactly(id);
    assertThat(found("东溪门北路 " + word, dispatcher)).as("words of the address and the description together").containsExactly(id);
    assertThat(found(word + "亮了吗", dispatcher)).isEmpty();

    // with the other filters: the worker of the grid finds it, not among closed tickets
    String worker = api.login("worker-dxm-04");
    assertThat(found(word, worker)).containsExactly(id);
    assertThat(ids(search(word, dispatcher, "&status=closed").json().getJsonArray("items"))).isEmpty();
    assertThat(ids(search(word, dispatcher, "&gridId=dxm-04").json().getJsonArray("items"))).containsExactly(id);
    // the worker sees the phone of a ticket they handle; another grid's worker finds nothing at all
    JsonObject seen = search(phone.substring(7), worker, "&gridId=dxm-04").json().getJsonArray("items").getJsonObject(0);
    assertThat(seen.getJsonObject("contact").getString("phone")).isEqualTo(phone);
  }

  @Test
  void neverBeyondTheSearchersScope() {
    String word = rareWord();
    String phone = phone();
    JsonObject t = fileAtWindow("dxm-04", "井盖" + word + "丢失", "东溪门南路2号", phone);

    for (String token : List.of(api.login("worker-yhq-01"), api.login("dept-water"))) {
      assertThat(found(t.getString("number"), token)).isEmpty();
      assertThat(found(phone.substring(7), token)).doesNotContain(t.getString("id"));
      assertThat(found(word, token)).isEmpty();
    }
    assertThat(search(word, api.resident("13800000001"), "").status()).isEqualTo(403);
    assertThat(search("路".repeat(101), api.login("dispatcher"), "").status()).isEqualTo(400);
  }

  @Test
  void pagesThroughManyFindingsWithTheCursor() {
    String word = rareWord();
    List<String> filed = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) filed.add(fileAtWindow("dxm-04", "第" + i + "盏路灯" + word, "东溪门", phone()).getString("id"));
    String dispatcher = api.login("dispatcher");

    JsonObject first = search(word, dispatcher, "&limit=2").json();
    assertThat(first.getJsonArray("items").size()).isEqualTo(2);
    assertThat(first.getString("nextCursor")).isNotNull();
    JsonObject second = search(word, dispatcher, "&limit=2&cursor=" + first.getString("nextCursor")).json();
    assertThat(second.getString("nextCursor")).isNull();

    List<String> all = new java.util.ArrayList<>(ids(first.getJsonArray("items")));
    all.addAll(ids(second.getJsonArray("items")));
    assertThat(all).containsExactlyInAnyOrderElementsOf(filed);
  }
}
