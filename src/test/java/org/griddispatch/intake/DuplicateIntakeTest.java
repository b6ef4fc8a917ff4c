package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** 去重 at intake: merged automatically, or flagged for the dispatcher who merges or keeps it. */
class DuplicateIntakeTest extends NodeTest {
  // each test files at its own place, over 500 m from the others' (beyond the 250 m radius)
  static final double LAT = 31.45980;
  static final String ORIGINAL = "三光街6号3栋2单元楼道里有很重的燃气味";



  private JsonObject file(String phone, String text, double lon, double dLat) {
    return api.file(phone, Api.exactReport("gas_leak", LAT + dLat, lon, text));
  }

  private JsonObject safety(String phone, String text, double lon, double dLat) {
    return api.file(phone, Api.exactReport("public_safety", LAT + dLat, lon, text));
  }

  private String workerOf(JsonObject ticket) {
    return api.login(api.usernameOf(ticket.getString("assigneeId")));
  }

  @Test
  void aRepeatedReportIsMergedAndItsReporterFollowsTheOriginal() {
    double lon = 104.7371;
    JsonObject original = file("13800000001", ORIGINAL + " A", lon, 0);
    try (Terminal follower = Terminal.connect(vertx, node.port(), api.resident("13800000002"))) {
      follower.subscribe("me", null);
      JsonObject dup = file("13800000002", "三光街6号3栋2单元，楼道里有很重的燃气味！A", lon, 0.0003); // ~33 m away, the same words sent again
      assertThat(dup.getString("status")).as(dup.encode()).isEqualTo("merged");
      assertThat(dup.getString("duplicateOf")).isEqualTo(original.getString("id"));
      assertThat(dup.getValue("assigneeId")).isNull();
      String followerToken = api.resident("13800000002");
      // the follower now sees the original and hears of its progress
      assertThat(api.get("/api/v1/tickets/" + original.getString("id"), followerToken).status()).isEqualTo(200);
      JsonObject merged = follower.next(f -> original.getString("id").equals(f.getString("ticketId"))
          && "duplicate_merged".equals(f.getString("type")), 10);
      assertThat(merged.getJsonObject("data")).as("a follower hears of steps, not their details").isEmpty();
      String worker = workerOf(original);
      api.act(original.getString("id"), "accept", worker, null);
      assertThat(follower.next(f -> "accepted".equals(f.getString("type")) && original.getString("id").equals(f.getString("ticketId")), 10))
          .isNotNull();
      // the follower sees the original's progress, not the other resident's words, place or contact
      JsonObject seen = api.get("/api/v1/tickets/" + original.getString("id"), followerToken).json();
      assertThat(seen.getBoolean("following")).isTrue();
      assertThat(seen.containsKey("contact")).isFalse();
      assertThat(seen.containsKey("description")).isFalse();
      assertThat(seen.containsKey("location")).isFalse();
      var events = api.get("/api/v1/tickets/" + original.getString("id") + "/events", followerToken).array();
      assertThat(events.stream().map(e -> ((JsonObject) e).getJsonObject("data"))).allMatch(JsonObject::isEmpty);
      api.act(original.getString("id"), "resolve", worker, new JsonObject().put("note", "已修复"));
      follower.next(f -> "resolved".equals(f.getString("type")) && original.getString("id").equals(f.getString("ticketId")), 10);
      // resolved, it is no longer one a new report repeats: the same words again make a ticket of their own
      JsonObject again = file("13800000003", ORIGINAL + " A", lon, 0);
      assertThat(again.getString("status")).as(again.encode()).isEqualTo("assigned");
      assertThat(again.getJsonArray("duplicateCandidates")).doesNotContain(original.getString("id"));
      // every reporter of the group may rate
      assertThat(api.act(original.getString("id"), "rate", followerToken, new JsonObject().put("rating", "good")).status()).isEqualTo(200);
      assertThat(api.act(original.getString("id"), "rate", api.resident("13800000001"), new JsonObject().put("rating", "neutral"))
          .status()).isEqualTo(200);
      assertThat(db.count("SELECT count(*) FROM ticket_ratings WHERE ticket_id = $1::uuid", original.getString("id"))).isEqualTo(2);
    }
  }

  @Test
  void aSimilarReportIsFlaggedAndTheDispatcherDecides() {
    double lon = 104.7431;
    // public safety: not a category whose reports become an incident, so the third report is flagged too
    JsonObject original = api.file("13800000001", Api.exactReport("public_safety", LAT, lon, ORIGINAL + " B"));
    JsonObject similar = safety("13800000003", "3栋那边闻着一股臭鸡蛋味，是不是哪家漏气了 B", lon, 0.0001);
    assertThat(similar.getString("status")).isEqualTo("assigned");
    assertThat(similar.getJsonArray("duplicateCandidates")).contains(original.getString("id"));
    String dispatcher = api.login("dispatcher");
    Api.Response merged = api.act(similar.getString("id"), "merge", dispatcher, new JsonObject().put("intoId", original.getString("id")));
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    assertThat(merged.json().getString("status")).isEqualTo("merged");
    assertThat(api.get("/api/v1/tickets/" + original.getString("id"), api.resident("13800000003")).status()).isEqualTo(200);

    JsonObject another = safety("13800000003", "3栋那边闻着一股臭鸡蛋味，是不是哪家漏气了 C", lon, 0.0001);
    assertThat(another.getJsonArray("duplicateCandidates")).isNotEmpty();
    Api.Response kept = api.act(another.getString("id"), "keep", dispatcher, null);
    assertThat(kept.json().getJsonArray("duplicateCandidates")).isEmpty();
    assertThat(api.act(another.getString("id"), "keep", dispatcher, null).status()).isEqualTo(409);
    assertThat(api.act(another.getString("id"), "merge", dispatcher, new JsonObject().put("intoId", another.getString("id"))).status())
        .isEqualTo(400);
  }

  @Test
  void aParaphraseIsFlaggedAndAnotherProblemAtThePlaceIsNeitherMergedNorFlagged() {
    double lon = 104.7551;
    JsonObject original = api.file("13800000001", Api.exactReport("streetlight", LAT, lon, "楼下路灯不亮了，晚上走路很黑"));
    // ~89 m away: farther than a merge on agreement reaches (75 m), so the dispatcher judges it
    JsonObject paraphrase = api.file("13800000002",
        Api.exactReport("streetlight", LAT + 0.0008, lon, "小区门口那盏街灯坏了好几天，一到晚上就黑漆漆的"));
    assertThat(paraphrase.getString("status")).as(paraphrase.encode()).isNotEqualTo("merged");
    assertThat(paraphrase.getJsonArray("duplicateCandidates")).contains(original.getString("id"));
    // the dispatcher reads why: where, how long apart, which words (the contract's ids stay as they were)
    String dispatcher = api.login("dispatcher");
    JsonObject seen = api.get("/api/v1/tickets/" + paraphrase.getString("id"), dispatcher).json();
    JsonObject reason = seen.getJsonArray("duplicateReasons").getJsonObject(0);
    assertThat(reason.getString("ticketId")).isEqualTo(seen.getJsonArray("duplicateCandidates").getString(0));
    assertThat(reason.getString("ticketId")).isEqualTo(original.getString("id"));
    assertThat(reason.getString("number")).isEqualTo(original.getString("number"));
    assertThat(reason.getInteger("meters")).isBetween(80, 100); // 0.0008° of latitude
    assertThat(reason.getDouble("hoursApart")).isLessThan(1.0);
    assertThat(reason.getJsonArray("sharedWords").encode()).contains("路灯");
    assertThat(reason.getBoolean("sameBuilding")).isFalse();
    // the resident who filed it sees that it may repeat another, not the other's words
    assertThat(api.get("/api/v1/tickets/" + paraphrase.getString("id"), api.resident("13800000002")).json()
        .containsKey("duplicateReasons")).isFalse();
    JsonObject other = api.file("13800000003",
        Api.exactReport("streetlight", LAT, lon, "楼下路灯杆被车撞歪了，灯还亮着"));
    assertThat(other.getString("status")).as(other.encode()).isNotEqualTo("merged");
    assertThat(other.getValue("duplicateOf")).isNull();
    // at the same spot within minutes, but its pole leans where the others' light is off: not flagged either
    assertThat(other.getJsonArray("duplicateCandidates")).as(other.encode())
        .doesNotContain(original.getString("id"), paraphrase.getString("id"));
    // kept as a ticket of its own, its reasons go with its candidates
    JsonObject kept = api.act(paraphrase.getString("id"), "keep", dispatcher, null).json();
    assertThat(kept.getJsonArray("duplicateReasons")).isEmpty();
  }

  @Test
  void aDifferentProblemOrAFarAwayOneIsNeitherMergedNorFlagged() {
    double lon = 104.7491;
    JsonObject original = file("13800000001", ORIGINAL + " D", lon, 0);
    JsonObject different = file("13800000002", "三光街6号院子里燃气表箱有燃气味 D", lon, 0);
    // another problem at the same place is not merged; flagging it (same place, 燃气味) is the dispatcher's to judge
    assertThat(different.getString("status")).isEqualTo("assigned");
    JsonObject far = api.file("13800000002", Api.exactReport("gas_leak", LAT + 0.004, lon, ORIGINAL + " D")); // ~450 m
    assertThat(far.getString("status")).isNotEqualTo("merged");
    JsonObject otherCategory = api.file("13800000002", Api.exactReport("water_leak", LAT, lon, ORIGINAL + " D"));
    assertThat(otherCategory.getString("status")).isNotEqualTo("merged");
  }

  @Test
  void oneSpecificFaultInOtherWordsCloseByIsFlaggedAndTheSameObjectWithAnotherFaultIsNotMerged() {
    double lon = 104.7611;
    file("13800000001", "长乐里4栋2单元燃气表走得特别快，这个月燃气费翻倍", lon, 0);
    // the same meter leaking, at the same door within minutes: another problem, never merged into it
    JsonObject leaking = file("13800000002", "长乐里4栋2单元燃气表接口漏气，嘶嘶响", lon, 0.0001);
    assertThat(leaking.getString("status")).as(leaking.encode()).isNotEqualTo("merged");
    assertThat(leaking.getValue("duplicateOf")).isNull();

    // public safety (no incidents): a guardrail knocked down, the same guardrail loose, the first told again
    JsonObject down = safety("13800000003", "滨河桥上的护栏被车撞断了，断口很危险", lon, 0.001);
    JsonObject loose = safety("13800000004", "滨河桥上的护栏松了，一推就晃", lon, 0.0011);
    assertThat(loose.getString("status")).as(loose.encode()).isNotEqualTo("merged");
    assertThat(loose.getValue("duplicateOf")).isNull();
    // ~22 m from the first, the same fault in other words: every signal agrees, and (the merge on
    // agreement being off by default) it is flagged as a duplicate of the first for the dispatcher
    JsonObject again = safety("13800000005", "滨河桥护栏断了一截，缺口一直没人管", lon, 0.0012);
    assertThat(again.getString("status")).as(again.encode()).isNotEqualTo("merged");
    assertThat(again.getJsonArray("duplicateCandidates")).contains(down.getString("id"));
  }
}
