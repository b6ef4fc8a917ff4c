package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ticket action sent with an Idempotency-Key happens once: a repeat (a terminal sending its offline
 * queue again, a retry after a lost answer) answers the first answer and changes nothing. Grid dxm-03.
 */
class ActionIdempotencyTest extends NodeTest {
  private static final String WORKER = "worker-dxm-03";

  private static JsonObject ticket() {
    JsonObject p = Points.of("dxm-03");
    return api.file("13800000063", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾没人收"));
  }

  private static Api.Response act(String id, String action, String key, JsonObject body, String ifMatch) {
    Map<String, String> headers = ifMatch == null ? Map.of("Idempotency-Key", key) : Map.of("Idempotency-Key", key, "If-Match", ifMatch);
    return api.call(HttpMethod.POST, "/api/v1/tickets/" + id + "/" + action, api.login(WORKER), body, headers);
  }

  private static long count(String id, String type) {
    return db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = $2", UUID.fromString(id), type);
  }

  @Test
  void aRepeatedActionAnswersTheFirstAnswerAndChangesNothing() {
    JsonObject t = ticket();
    String id = t.getString("id");
    String key = "offline-" + UUID.randomUUID();
    Api.Response first = act(id, "accept", key, new JsonObject(), "\"1\"");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    Map<String, String> before = db.fingerprint("tickets", "ticket_events", "deadlines");
    Api.Response again = act(id, "accept", key, new JsonObject(), "\"1\""); // the If-Match it was sent with is stale now
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(db.fingerprint("tickets", "ticket_events", "deadlines")).isEqualTo(before);
    assertThat(count(id, "accepted")).isEqualTo(1);

    // the next action with a new key goes through; its repeat does not add a second resolution
    String resolveKey = "offline-" + UUID.randomUUID();
    JsonObject note = new JsonObject().put("note", "已清运");
    assertThat(act(id, "resolve", resolveKey, note, null).status()).isEqualTo(200);
    assertThat(act(id, "resolve", resolveKey, note, null).status()).isEqualTo(200);
    assertThat(count(id, "resolved")).isEqualTo(1);
    // without a key, a second resolve is what it always was: not allowed from resolved
    assertThat(api.act(id, "resolve", api.login(WORKER), note).status()).isEqualTo(409);
  }

  @Test
  void aPhotoSentAgainWithItsKeyIsStoredOnce() throws Exception {
    JsonObject t = ticket();
    String id = t.getString("id");
    byte[] png = AttachmentTest.image("png", 16);
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
        new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
    String key = "photo-" + UUID.randomUUID();
    java.util.function.Supplier<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> upload = () ->
        client.post("/api/v1/tickets/" + id + "/attachments").putHeader("Authorization", "Bearer " + api.login(WORKER))
            .putHeader("Idempotency-Key", key)
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create()
                .binaryFileUpload("file", "after.png", io.vertx.core.buffer.Buffer.buffer(png), "image/png")).await();
    var first = upload.get();
    var again = upload.get();
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(db.count("SELECT count(*) FROM attachments WHERE ticket_id = $1", UUID.fromString(id))).isEqualTo(1);
    assertThat(count(id, "attachment_added")).isEqualTo(1);
    client.close();
  }

  @Test
  void repeatsSentTogetherStillHappenOnce() {
    JsonObject t = ticket();
    String id = t.getString("id");
    String key = "together-" + UUID.randomUUID();
    String token = api.login(WORKER);
    JsonObject body = new JsonObject().put("text", "已到现场");
    List<Future<Api.Response>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(api.send(HttpMethod.POST, "/api/v1/tickets/" + id + "/comment", token, body, Map.of("Idempotency-Key", key)));
    }
    Future.all(sent).await();
    for (Future<Api.Response> r : sent) assertThat(r.result().status()).as(r.result().toString()).isEqualTo(200);
    assertThat(count(id, "commented")).isEqualTo(1);
  }

  @Test
  void aKeyUsedForAnotherActionOrABadKeyIsRefusedAndChangesNothing() {
    JsonObject t = ticket();
    String id = t.getString("id");
    String key = "reused-" + UUID.randomUUID();
    assertThat(act(id, "comment", key, new JsonObject().put("text", "第一条"), null).status()).isEqualTo(200);
    String otherTicket = ticket().getString("id");
    Map<String, String> before = db.fingerprint("tickets", "ticket_events", "action_keys");
    Api.Response other = act(id, "accept", key, new JsonObject(), null);
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    Api.Response elsewhere = act(otherTicket, "comment", key, new JsonObject().put("text", "第一条"), null);
    assertThat(elsewhere.errorCode()).isEqualTo("idempotency_key_reused");
    Api.Response tooLong = act(id, "accept", "k".repeat(129), new JsonObject(), null);
    assertThat(tooLong.status()).isEqualTo(400);
    Api.Response badBody = act(id, "resolve", "bad-" + UUID.randomUUID(), new JsonObject(), null); // no note
    assertThat(badBody.status()).isEqualTo(400);
    // a refused first attempt leaves no key behind: the same key may carry the action once it is allowed
    String early = "early-" + UUID.randomUUID();
    assertThat(act(id, "resolve", early, new JsonObject().put("note", "x"), null).status()).isEqualTo(409);
    assertThat(db.count("SELECT count(*) FROM action_keys WHERE key = $1", early)).isZero();
    assertThat(db.fingerprint("tickets", "ticket_events", "action_keys")).isEqualTo(before);
    assertThat(count(id, "accepted")).isZero();
    // someone else's key is their own: the same text from another account is another action
    Api.Response centre = api.call(HttpMethod.POST, "/api/v1/tickets/" + id + "/comment", api.login("dispatcher"),
        new JsonObject().put("text", "中心已知悉"), Map.of("Idempotency-Key", key));
    assertThat(centre.status()).isEqualTo(200);
    assertThat(count(id, "commented")).isEqualTo(2);
  }
}
