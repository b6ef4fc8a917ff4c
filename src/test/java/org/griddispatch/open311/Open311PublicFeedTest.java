package org.griddispatch.open311;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.open311.Open311Test.conforms;
import static org.griddispatch.open311.Open311Test.form;
import static org.griddispatch.open311.Open311Test.xml;
import org.griddispatch.support.TestData;

/**
 * A jurisdiction that publishes its requests (open311.publicFeed): a read without a key gets no
 * address and no contact, points to about 100 m, and no words of a private category; the
 * integration's key still reads everything.
 */
@ExtendWith(VertxExtension.class)
class Open311PublicFeedTest {
  static Server node;
  static WebClient client;
  static Api api;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    node = TestNode.start(TestData.directory("dispatch-feed-"),
        new JsonObject().put("open311", new JsonObject().put("jurisdictionId", "chengxiang").put("publicFeed", true)));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
    api = new Api(vertx, node.port());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.stop();
  }

  static Open311Test.Res get(String path) {
    var r = client.get("/open311/v2/" + path).send().await();
    return new Open311Test.Res(r.statusCode(), r.bodyAsString(), r.getHeader("Content-Type"));
  }

  static String file(String category, double lat, double lon, String words) {
    var r = client.post("/open311/v2/requests.json").sendForm(form("api_key", Open311Test.KEY, "service_code", category,
        "lat", String.valueOf(lat), "long", String.valueOf(lon), "address_string", "三光街6号3栋2单元", "description", words,
        "first_name", "范", "last_name", "雪", "phone", "13912345671")).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonArray().getJsonObject(0).getString("service_request_id");
  }

  @Test
  void withoutAKeyTheFeedRoundsAndHides() throws Exception {
    JsonObject p = Points.of("sgj-03");
    double lat = p.getDouble("lat");
    double lon = p.getDouble("lon");
    String noiseWords = "楼下KTV噪音 " + UUID.randomUUID();
    String disputeWords = "与邻居因漏水争吵，对方住3栋2单元 " + UUID.randomUUID();
    String noise = file("noise", lat, lon, noiseWords);
    String dispute = file("neighbor_dispute", lat, lon, disputeWords);

    Open311Test.Res open = get("requests.json?service_request_id=" + noise + "," + dispute);
    assertThat(open.status()).as(open.body()).isEqualTo(200);
    conforms(open.array(), "ServiceRequests");
    JsonObject publicNoise = find(open.array(), noise);
    JsonObject publicDispute = find(open.array(), dispute);
    for (JsonObject r : new JsonObject[] {publicNoise, publicDispute}) {
      assertThat(r.getString("address")).isNull();
      assertThat(r.getDouble("lat")).isEqualTo(Math.round(lat * 1000) / 1000.0).isNotEqualTo(lat);
      assertThat(r.getDouble("long")).isEqualTo(Math.round(lon * 1000) / 1000.0).isNotEqualTo(lon);
    }
    assertThat(publicNoise.getString("description")).isEqualTo(noiseWords);
    assertThat(publicDispute.getString("description")).isNull(); // neighbour disputes are a private category
    assertThat(open.body()).doesNotContain("三光街6号").doesNotContain("13912345671").doesNotContain("范");

    Document single = xml(get("requests/" + dispute + ".xml"));
    assertThat(single.getElementsByTagName("address").item(0).getTextContent()).isEmpty();
    assertThat(single.getElementsByTagName("description").item(0).getTextContent()).isEmpty();

    // the handler's note on a private category's request stays off the public updates too
    String disputeId = ticketId(dispute);
    String worker = api.login("worker-sgj-03");
    api.act(disputeId, "accept", worker, null);
    api.act(disputeId, "resolve", worker, new JsonObject().put("note", "已上门调解，3栋2单元范女士同意赔偿"));
    Open311Test.Res updates = get("servicerequestupdates.json");
    conforms(updates.array(), "Updates");
    assertThat(updates.array().stream().map(o -> (JsonObject) o).filter(u -> dispute.equals(u.getString("service_request_id")))
        .map(u -> u.getString("description"))).contains("resolved");
    assertThat(updates.body()).doesNotContain("调解");
    assertThat(find(get("requests/" + dispute + ".json").array(), dispute).getString("status_notes")).isNull();

    // the integration's key still reads the request whole; a wrong key is refused, not given the feed
    JsonObject whole = find(get("requests/" + dispute + ".json?api_key=" + Open311Test.KEY).array(), dispute);
    assertThat(whole.getString("description")).isEqualTo(disputeWords);
    assertThat(whole.getString("address")).isEqualTo("三光街6号3栋2单元");
    assertThat(whole.getDouble("lat")).isEqualTo(lat);
    assertThat(whole.getString("status_notes")).contains("调解");
    assertThat(get("requests.json?api_key=not-a-key").status()).isEqualTo(403);
  }

  static JsonObject find(JsonArray requests, String id) {
    return requests.stream().map(o -> (JsonObject) o).filter(r -> id.equals(r.getString("service_request_id")))
        .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + requests));
  }

  static String ticketId(String number) {
    return api.get("/api/v1/tickets?limit=200", api.login("dispatcher")).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(t -> number.equals(t.getString("number"))).findFirst().orElseThrow().getString("id");
  }
}
