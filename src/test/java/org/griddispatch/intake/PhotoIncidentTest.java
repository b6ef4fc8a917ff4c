package org.griddispatch.intake;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Images;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Reports linked by the same photo count toward an incident as reports the words link do. With the
 * default settings two reports of one category filed at one corner within the incident's two hours are
 * flagged by closeness whatever their words, so the words would form the incident first; this node
 * flags by words only where they nearly repeat ({@code dedup.flagAt} 0.99), so that only the photo links
 * the reports: a photo forwarded in a chat group, sent by residents with words of their own.
 */
@ExtendWith(VertxExtension.class)
class PhotoIncidentTest {
  private static Server node;
  private static Api api;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    node = TestNode.start(TestData.directory("dispatch-photo-incident-"),
        new JsonObject().put("dedup", new JsonObject().put("flagAt", 0.99)), new TestClock());
    api = new Api(v, node.port());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void reportsLinkedByTheSamePhotoBecomeOneIncident() {
    double lat = 31.4650, lon = 104.7500;
    String dispatcher = api.login("dispatcher");
    byte[] photo = Images.encode(Images.scene(true, 320, 240), "png");
    try (Terminal centre = Terminal.connect(vertx, node.port(), dispatcher)) {
      centre.subscribe("center", null);
      JsonObject first = api.file("13900000031", Api.exactReport("water_leak", lat, lon, "路边水管爆了，水一直往外喷"));
      assertThat(api.upload(first.getString("id"), api.resident("13900000031"), photo, "image/png").status()).isEqualTo(201);
      JsonObject second = api.file("13900000032", Api.exactReport("water_leak", lat + 0.0001, lon, "群里发的照片，就在我们这儿，赶紧派人来"));
      JsonObject third = api.file("13900000033", Api.exactReport("water_leak", lat, lon + 0.0001, "邻居转给我的图片，说是这边，麻烦看一下"));
      // the words link none of them
      for (JsonObject t : new JsonObject[] {second, third}) {
        assertThat(t.getValue("incidentId")).isNull();
        assertThat(t.getJsonArray("duplicateCandidates", new JsonArray())).as(t.encode()).isEmpty();
      }

      // another picture links nothing; the same picture links two reports, which are not yet an incident
      String secondResident = api.resident("13900000032");
      assertThat(api.upload(second.getString("id"), secondResident, Images.encode(Images.scene(false, 320, 240), "png"), "image/png")
          .status()).isEqualTo(201);
      assertThat(api.get("/api/v1/tickets/" + second.getString("id"), dispatcher).json().getJsonArray("duplicateCandidates")).isEmpty();
      assertThat(api.upload(second.getString("id"), secondResident, Images.encode(Images.scene(true, 200, 150), "jpg"), "image/jpeg")
          .status()).isEqualTo(201);
      JsonObject linked = api.get("/api/v1/tickets/" + second.getString("id"), dispatcher).json();
      assertThat(linked.getJsonArray("duplicateCandidates").getString(0)).isEqualTo(first.getString("id"));
      assertThat(linked.getValue("incidentId")).as("two reports are not yet an incident").isNull();

      // the third report's photo makes three: the earliest is the incident, the others joined it
      assertThat(api.upload(third.getString("id"), api.resident("13900000033"), photo, "image/png").status()).isEqualTo(201);
      JsonObject formed = centre.next(f -> "incident_formed".equals(f.getString("type")) && first.getString("id").equals(f.getString("ticketId")), 10);
      assertThat(formed).isNotNull();
      assertThat(api.get("/api/v1/tickets/" + first.getString("id"), dispatcher).json().getString("incidentId")).isEqualTo(first.getString("id"));
      for (JsonObject joined : new JsonObject[] {second, third}) {
        JsonObject now = api.get("/api/v1/tickets/" + joined.getString("id"), dispatcher).json();
        assertThat(now.getString("status")).isEqualTo("merged");
        assertThat(now.getString("duplicateOf")).isEqualTo(first.getString("id"));
        assertThat(now.getString("incidentId")).isEqualTo(first.getString("id"));
      }
      assertThat(api.get("/api/v1/tickets/" + first.getString("id"), secondResident).json().getBoolean("following")).isTrue();
      var timeline = api.get("/api/v1/tickets/" + first.getString("id") + "/events", dispatcher).array();
      assertThat(timeline.stream().map(e -> (JsonObject) e).filter(e -> "incident_formed".equals(e.getString("type")))
          .findFirst().orElseThrow().getJsonObject("data").getInteger("reports")).isEqualTo(3);

      // a later report sent with the same picture joins the incident once its photo arrives
      JsonObject fourth = api.file("13900000034", Api.exactReport("water_leak", lat + 0.0001, lon + 0.0001, "看这个图"));
      assertThat(fourth.getValue("incidentId")).isNull();
      assertThat(api.upload(fourth.getString("id"), api.resident("13900000034"), Images.encode(Images.scene(true, 640, 480), "jpg"),
          "image/jpeg").status()).isEqualTo(201);
      JsonObject now = api.get("/api/v1/tickets/" + fourth.getString("id"), dispatcher).json();
      assertThat(now.getString("status")).isEqualTo("merged");
      assertThat(now.getString("incidentId")).isEqualTo(first.getString("id"));
    }
  }

  /** The same picture on a report of a category whose problem is one place's (a streetlight) links, flags, and forms nothing. */
  @Test
  void aPhotoLinkInACategoryOfOnePlaceFormsNoIncident() {
    double lat = 31.4640, lon = 104.7480;
    byte[] photo = Images.encode(Images.scene(true, 320, 240), "png");
    String dispatcher = api.login("dispatcher");
    JsonObject[] reports = new JsonObject[3];
    String[] words = {"路灯杆歪了", "群里转的图", "这个看一下"};
    for (int i = 0; i < 3; i++) {
      String phone = "1390000004" + i;
      reports[i] = api.file(phone, Api.exactReport("streetlight", lat + i * 0.0001, lon, words[i]));
      assertThat(api.upload(reports[i].getString("id"), api.resident(phone), photo, "image/png").status()).isEqualTo(201);
    }
    JsonObject last = api.get("/api/v1/tickets/" + reports[2].getString("id"), dispatcher).json();
    assertThat(last.getJsonArray("duplicateCandidates")).hasSize(2);
    assertThat(last.getValue("incidentId")).isNull();
    assertThat(last.getString("status")).isEqualTo("assigned");
  }
}
