package org.griddispatch.ticket;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Photos: real images stored and served to those who may see them; fakes and oversize files refused. */
class AttachmentTest extends NodeTest {
  static WebClient client;

  @BeforeAll
  static void setUp() {
    client = org.griddispatch.support.ApiContract.watch(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())));
  }


  static byte[] image(String format, int size) { return org.griddispatch.support.Images.image(format, size); }

  private Api.Response upload(String ticketId, String token, String filename, String declaredType, byte[] bytes) {
    var res = client.post("/api/v1/tickets/" + ticketId + "/attachments").putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", filename, Buffer.buffer(bytes), declaredType))
        .await();
    return new Api.Response(res.statusCode(), res.headers(), res.bodyAsString() == null ? "" : res.bodyAsString());
  }

  @Test
  void photosAreCheckedByTheirBytesAndServedOnlyToThoseWhoSeeTheTicket() throws IOException {
    JsonObject p = Points.of("dxm-04");
    JsonObject t = api.file("13800000001", Api.report("road_damage", p.getDouble("lat"), p.getDouble("lon"), "路面坑洼"));
    String id = t.getString("id");
    String resident = api.resident("13800000001");

    byte[] png = image("png", 64);
    Api.Response ok = upload(id, resident, "road.png", "image/png", png);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().getString("contentType")).isEqualTo("image/png");
    assertThat(ok.json().getInteger("size")).isEqualTo(png.length);
    String photoId = ok.json().getString("id");

    byte[] jpeg = image("jpg", 64);
    Api.Response named = upload(id, resident, "photo.bin", "application/octet-stream", jpeg);
    assertThat(named.status()).isEqualTo(201);
    assertThat(named.json().getString("contentType")).as("type from the bytes, not the name").isEqualTo("image/jpeg");

    long before = db.count("SELECT count(*) FROM attachments");
    Api.Response fake = upload(id, resident, "evil.jpg", "image/jpeg", "<script>alert(1)</script>".getBytes());
    assertThat(fake.status()).isEqualTo(415);
    assertThat(fake.errorCode()).isEqualTo("unsupported_media_type");
    Api.Response huge = upload(id, resident, "big.png", "image/png", new byte[6 * 1024 * 1024]);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(db.count("SELECT count(*) FROM attachments")).isEqualTo(before);

    // the worker of the grid sees it; another resident and another grid's worker do not
    String worker = api.login("worker-dxm-04");
    var served = client.get("/api/v1/tickets/" + id + "/attachments/" + photoId).putHeader("Authorization", "Bearer " + worker).send().await();
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.getHeader("Content-Type")).isEqualTo("image/png");
    assertThat(served.body().getBytes()).isEqualTo(png);
    for (String stranger : new String[] {api.resident("13800000003"), api.login("worker-yhq-01")}) {
      assertThat(client.get("/api/v1/tickets/" + id + "/attachments/" + photoId).putHeader("Authorization", "Bearer " + stranger)
          .send().await().statusCode()).isEqualTo(404);
      assertThat(upload(id, stranger, "x.png", "image/png", png).status()).isEqualTo(404);
    }
    // no sign-in, no upload (and nothing read from the body first)
    var anonymous = client.post("/api/v1/tickets/" + id + "/attachments")
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "x.png", Buffer.buffer(png), "image/png")).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    // a supervisor sees the ticket but does not handle it
    assertThat(upload(id, api.login("supervisor"), "x.png", "image/png", png).status()).isEqualTo(403);

    // the worker adds an "after" photo on resolving; the timeline lists every photo
    api.act(id, "accept", worker, null);
    assertThat(upload(id, worker, "after.png", "image/png", image("png", 32)).status()).isEqualTo(201);
    var events = api.get("/api/v1/tickets/" + id + "/events", resident).array();
    var photos = events.stream().map(e -> (JsonObject) e).filter(e -> e.getString("type").equals("attachment_added")).toList();
    assertThat(photos).hasSize(3);
    assertThat(photos.get(0).getJsonObject("data").getString("phase")).isEqualTo("report");
    assertThat(photos.get(2).getJsonObject("data").getString("phase")).isEqualTo("after");
    assertThat(upload(id, resident, "none", "image/png", new byte[0]).status()).isEqualTo(415);
  }
}
