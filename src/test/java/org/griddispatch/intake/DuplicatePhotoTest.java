package org.griddispatch.intake;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Images;
import org.griddispatch.support.NodeTest;
import org.griddispatch.ticket.PhotoHash;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo's hash as a duplicate signal: photos come after the report, so attaching one checks the
 * earlier open reports nearby; the same picture (re-encoded, resized) flags the original with
 * "same photo" in its reason, another picture does not.
 */
class DuplicatePhotoTest extends NodeTest {
  static final double LAT = 31.45980;

  static BufferedImage scene(boolean pole, int width, int height) {
    return Images.scene(pole, width, height);
  }

  static byte[] encode(BufferedImage img, String format) {
    return Images.encode(img, format);
  }

  private Api.Response upload(String ticketId, String token, byte[] bytes, String type) {
    return api.upload(ticketId, token, bytes, type);
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
