package org.griddispatch.intake;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.ticket.PhotoHash;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo's hash as a duplicate signal: photos come after the report, so attaching one checks the
 * earlier open reports nearby; the same picture (re-encoded, resized) flags the original with
 * "same photo" in its reason, another picture does not.
 */
class DuplicatePhotoTest extends NodeTest {
  static final double LAT = 31.45980;
  static WebClient client;

  @BeforeAll
  static void setUp() {
    client = org.griddispatch.support.ApiContract.watch(WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())));
  }

  /** A street at dusk with a leaning pole ({@code leaning}), or a wall with a crack and a bin. */
  static BufferedImage scene(boolean pole, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(width / 320.0, height / 240.0);
    if (pole) {
      g.setPaint(new GradientPaint(0, 0, new Color(30, 40, 90), 0, 160, new Color(220, 140, 80)));
      g.fillRect(0, 0, 320, 160);
      g.setColor(new Color(60, 60, 60));
      g.fillRect(0, 160, 320, 80);
      g.setColor(new Color(200, 200, 200));
      g.setStroke(new BasicStroke(10));
      g.drawLine(90, 200, 180, 40);
      g.setColor(Color.YELLOW);
      g.fillOval(170, 25, 40, 30);
    } else {
      g.setColor(new Color(180, 170, 150));
      g.fillRect(0, 0, 320, 240);
      g.setColor(new Color(40, 40, 40));
      g.setStroke(new BasicStroke(4));
      g.drawPolyline(new int[] {20, 80, 60, 140, 120, 300}, new int[] {220, 150, 110, 90, 40, 10}, 6);
      g.setColor(new Color(20, 110, 40));
      g.fillRect(220, 140, 70, 90);
    }
    g.dispose();
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Api.Response upload(String ticketId, String token, byte[] bytes, String type) {
    var res = client.post("/api/v1/tickets/" + ticketId + "/attachments").putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "photo", Buffer.buffer(bytes), type)).await();
    return new Api.Response(res.statusCode(), res.headers(), res.bodyAsString() == null ? "" : res.bodyAsString());
  }

  private JsonObject reasonFor(JsonObject ticket, String originalId) {
    for (Object o : ticket.getJsonArray("duplicateReasons", new JsonArray())) {
      if (originalId.equals(((JsonObject) o).getString("ticketId"))) return (JsonObject) o;
    }
    return null;
  }

  @Test
  void theSamePictureReEncodedOrResizedIsCloseAndAnotherIsFar() {
    long png = PhotoHash.of(Buffer.buffer(encode(scene(true, 320, 240), "png")));
    long jpegSmaller = PhotoHash.of(Buffer.buffer(encode(scene(true, 200, 150), "jpg")));
    long jpegLarger = PhotoHash.of(Buffer.buffer(encode(scene(true, 1024, 768), "jpg")));
    long other = PhotoHash.of(Buffer.buffer(encode(scene(false, 320, 240), "png")));
    assertThat(PhotoHash.distance(png, jpegSmaller)).isLessThanOrEqualTo(PhotoHash.SAME_PICTURE_BITS);
    assertThat(PhotoHash.distance(png, jpegLarger)).isLessThanOrEqualTo(PhotoHash.SAME_PICTURE_BITS);
    assertThat(PhotoHash.distance(png, other)).isGreaterThan(2 * PhotoHash.SAME_PICTURE_BITS);
    assertThat(PhotoHash.of(Buffer.buffer("not an image".getBytes()))).isNull();
  }

  @Test
  void aPhotoOfTheSamePictureAttachedLaterFlagsTheOriginalWithSamePhoto() {
    double lon = 104.7611;
    JsonObject original = api.file("13800000051", Api.exactReport("streetlight", LAT, lon, "育才路口的路灯杆被车撞歪了，灯罩掉在地上"));
    String originalId = original.getString("id");
    assertThat(upload(originalId, api.resident("13800000051"), encode(scene(true, 320, 240), "png"), "image/png").status()).isEqualTo(201);
    assertThat(db.count("SELECT count(*) FROM attachments WHERE ticket_id = $1::uuid AND photo_hash IS NOT NULL", originalId)).isEqualTo(1);

    // another resident, other words, 30 m away
    JsonObject later = api.file("13800000052", Api.exactReport("streetlight", LAT + 0.00027, lon, "这边那根杆子斜着，看着要倒"));
    String laterId = later.getString("id");
    String resident = api.resident("13800000052");
    JsonObject before = reasonFor(later, originalId);
    String dispatcher = api.login("dispatcher");

    // another picture: no "same photo"
    assertThat(upload(laterId, resident, encode(scene(false, 320, 240), "png"), "image/png").status()).isEqualTo(201);
    JsonObject afterOther = api.get("/api/v1/tickets/" + laterId, dispatcher).json();
    JsonObject otherReason = reasonFor(afterOther, originalId);
    if (otherReason != null) assertThat(otherReason.getBoolean("samePhoto")).isFalse();
    assertThat(afterOther.getJsonArray("duplicateCandidates")).isEqualTo(later.getJsonArray("duplicateCandidates"));

    // the same picture, taken smaller and sent as JPEG: the original is flagged, "same photo", its score raised
    assertThat(upload(laterId, resident, encode(scene(true, 200, 150), "jpg"), "image/jpeg").status()).isEqualTo(201);
    JsonObject after = api.get("/api/v1/tickets/" + laterId, dispatcher).json();
    assertThat(after.getString("status")).as("a photo flags, it never merges").isNotEqualTo("merged");
    assertThat(after.getJsonArray("duplicateCandidates").getString(0)).as(after.encode()).isEqualTo(originalId);
    JsonObject reason = reasonFor(after, originalId);
    assertThat(reason.getBoolean("samePhoto")).isTrue();
    assertThat(reason.getString("number")).isEqualTo(original.getString("number"));
    assertThat(reason.getInteger("meters")).isBetween(20, 40);
    if (before != null) assertThat(reason.getDouble("score")).isGreaterThan(before.getDouble("score"));
    // residents never see the reasons
    assertThat(api.get("/api/v1/tickets/" + laterId, resident).json().containsKey("duplicateReasons")).isFalse();

    // a photo of the same picture on the original does not flag the later report as its original
    assertThat(upload(originalId, api.resident("13800000051"), encode(scene(true, 640, 480), "jpg"), "image/jpeg").status()).isEqualTo(201);
    assertThat(api.get("/api/v1/tickets/" + originalId, dispatcher).json().getJsonArray("duplicateCandidates")).doesNotContain(laterId);
  }
}
