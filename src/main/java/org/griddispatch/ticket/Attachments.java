package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * Photos of a ticket, kept in the database (every node serves them, backups include them). The type
 * is read from the bytes, never from the file name or the client's content type.
 */
public final class Attachments {
  private final Pool pool;
  private final TicketChanges changes;
  private final PhotoMatcher matcher;

  public Attachments(Pool pool, TicketChanges changes) {
    this(pool, changes, PhotoMatcher.NONE);
  }

  /** {@code matcher}: the earlier open reports nearby with a photo of the same picture, flagged on the ticket. */
  public Attachments(Pool pool, TicketChanges changes, PhotoMatcher matcher) {
    this.pool = pool;
    this.changes = changes;
    this.matcher = matcher;
  }

  /** The image type the bytes really are, or null when they are no photo we accept. */
  public static String sniff(Buffer b) {
    if (b.length() >= 3 && (b.getByte(0) & 0xFF) == 0xFF && (b.getByte(1) & 0xFF) == 0xD8 && (b.getByte(2) & 0xFF) == 0xFF) {
      return "image/jpeg";
    }
    if (b.length() >= 8 && b.getString(1, 4).equals("PNG") && (b.getByte(0) & 0xFF) == 0x89
        && b.getByte(4) == 0x0D && b.getByte(5) == 0x0A && b.getByte(6) == 0x1A && b.getByte(7) == 0x0A) {
      return "image/png";
    }
    if (b.length() >= 12 && b.getString(0, 4).equals("RIFF") && b.getString(8, 12).equals("WEBP")) return "image/webp";
    if (b.length() >= 12 && b.getString(4, 8).equals("ftyp") && Set.of("heic", "heix", "mif1").contains(b.getString(8, 12))) {
      return "image/heic";
    }
    return null;
  }

  /**
   * Stores the photo with its timeline event, as a change to the ticket; answers {id, contentType, size}.
   * Who may add one is the rule of {@code attach} in {@link Vocabulary}.
   */
  public Future<JsonObject> add(Actor actor, String ticketId, Buffer bytes, String phase) {
    return add(actor, ticketId, bytes, phase, null);
  }

  /**
   * As {@link #add(Actor, String, Buffer, String)}; with an {@code Idempotency-Key} the photo's id follows
   * from the account and the key, so a photo sent again (a terminal's offline queue) is stored once and
   * its repeat answers the first answer.
   */
  public Future<JsonObject> add(Actor actor, String ticketId, Buffer bytes, String phase, String key) {
    UUID id = TicketQueries.parseId(ticketId);
    if (id == null) return Future.failedFuture(ApiError.notFound("Ticket"));
    String type = sniff(bytes);
    if (type == null) {
      return Future.failedFuture(new ApiError(415, "unsupported_media_type", "Only JPEG, PNG, WebP or HEIC photos are accepted"));
    }
    UUID attachmentId = key == null ? UUID.randomUUID()
        : UUID.nameUUIDFromBytes((actor.id() + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonObject meta = new JsonObject().put("id", attachmentId.toString()).put("contentType", type).put("size", bytes.length());
    // photos come after the report is filed: a photo of the same picture as an earlier report's nearby flags it
    // (decoding a photo for its hash takes milliseconds: off the event loop)
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    Future<Long> hashed = context == null ? Future.succeededFuture(PhotoHash.of(bytes))
        : context.executeBlocking(() -> PhotoHash.of(bytes), false);
    Long[] hashOf = new Long[1];
    Future<io.vertx.core.json.JsonArray> same = hashed.compose(hash -> {
      hashOf[0] = hash;
      return hash == null ? Future.succeededFuture(new io.vertx.core.json.JsonArray())
          : matcher.samePhoto(id, hash).recover(e -> Future.succeededFuture(new io.vertx.core.json.JsonArray()));
    });
    return same.compose(matches -> changes.apply(actor, id, null, new Decision() {
      public String action() { return "attach"; }
      public Change decide(Actor a, JsonObject t, OffsetDateTime now) {
        // the reporter of a report merged on arrival may still add the photo they took
        boolean ownMerged = "merged".equals(t.getString("status")) && a.id().equals(t.getString("reporterId"));
        if (Vocabulary.ENDED.contains(t.getString("status")) && !ownMerged) {
          throw ApiError.conflict("invalid_transition", "The ticket is " + t.getString("status"));
        }
        Change change = Change.timelineOnly("attachment_added", meta.copy().put("attachmentId", attachmentId.toString()).put("phase", phase))
            .before("INSERT INTO attachments (id, ticket_id, uploader_id, content_type, size, data, created_at, photo_hash)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", Tuple.of(attachmentId, id, a.id(), type, bytes.length(), bytes, now, hashOf[0]));
        return matches.isEmpty() || !Vocabulary.OPEN.contains(t.getString("status")) ? change : flagged(change, id, t, matches);
      }
      // reports linked by the same picture count toward an incident as those the words link (intake decides)
    }).compose(t -> matches.isEmpty() || !Vocabulary.OPEN.contains(t.getString("status")) ? Future.succeededFuture(t)
        : matcher.linked(t, matches).recover(e -> Future.succeededFuture(t)))).map(meta).recover(e -> key != null && org.griddispatch.common.Errors.isUniqueViolation(e, "attachments_pkey")
        ? pool.preparedQuery("SELECT content_type, size FROM attachments WHERE id = $1 AND ticket_id = $2 AND uploader_id = $3")
            .execute(Tuple.of(attachmentId, id, actor.id())).map(rows -> {
              if (rows.size() == 0) {
                throw ApiError.conflict("idempotency_key_reused", "This Idempotency-Key was used for another photo; use a new key");
              }
              var r = rows.iterator().next();
              return new JsonObject().put("id", attachmentId.toString()).put("contentType", r.getString("content_type"))
                  .put("size", r.getInteger("size"));
            })
        : Future.failedFuture(e));
  }

  /**
   * The ticket's suspected originals with those of the same photo: each such one's reason replaced by
   * (or added as) its reason with {@code samePhoto}, all ordered by score.
   */
  private static Change flagged(Change change, UUID id, JsonObject t, io.vertx.core.json.JsonArray matches) {
    java.util.Map<String, JsonObject> byTicket = new java.util.LinkedHashMap<>();
    io.vertx.core.json.JsonArray reasons = t.getJsonArray("duplicateReasons", new io.vertx.core.json.JsonArray());
    for (Object o : reasons) if (o instanceof JsonObject r) byTicket.put(r.getString("ticketId"), r);
    for (Object o : matches) byTicket.put(((JsonObject) o).getString("ticketId"), (JsonObject) o);
    java.util.List<JsonObject> ordered = new java.util.ArrayList<>(byTicket.values());
    ordered.sort(java.util.Comparator.comparingDouble((JsonObject r) -> r.getDouble("score", 0.0)).reversed());
    java.util.List<UUID> ids = new java.util.ArrayList<>(ordered.stream().map(r -> UUID.fromString(r.getString("ticketId"))).toList());
    // a candidate the centre's dispatcher set without a reason keeps its place after these
    for (Object o : t.getJsonArray("duplicateCandidates", new io.vertx.core.json.JsonArray())) {
      UUID c = UUID.fromString(String.valueOf(o));
      if (!ids.contains(c)) ids.add(c);
    }
    return change.before("UPDATE tickets SET duplicate_candidates = $2, duplicate_reasons = $3 WHERE id = $1",
        Tuple.of(id, ids.toArray(UUID[]::new), new io.vertx.core.json.JsonArray(ordered)));
  }

  public record Photo(String contentType, Buffer data) {}

  public Future<Photo> get(Actor actor, String ticketId, String attachmentId, TicketQueries tickets) {
    UUID aid = TicketQueries.parseId(attachmentId);
    return tickets.visible(actor, ticketId).compose(t -> aid == null || Scope.followerOnly(actor, t)
        ? Future.failedFuture(ApiError.notFound("Attachment"))
        : pool.preparedQuery("SELECT content_type, data FROM attachments WHERE id = $1 AND ticket_id = $2")
            .execute(Tuple.of(aid, UUID.fromString(ticketId)))
            .map(rows -> {
              if (rows.size() == 0) throw ApiError.notFound("Attachment");
              var r = rows.iterator().next();
              return new Photo(r.getString("content_type"), r.getBuffer("data"));
            }));
  }

}
