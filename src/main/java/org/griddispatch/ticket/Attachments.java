package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Photos of a ticket, kept in the database (every node serves them, backups include them). The type
 * is read from the bytes, never from the file name or the client's content type.
 */
public final class Attachments {
  private static final Set<String> CLOSED = Set.of("closed", "cancelled", "merged");

  private final Pool pool;

  public Attachments(Pool pool) { this.pool = pool; }

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

  /** Who may add photos: the reporters, the assigned worker, a called department, the centre. */
  static boolean mayAttach(Actor a, JsonObject t) {
    return switch (a.role()) {
      case RESIDENT -> a.id().equals(t.getString("reporterId")) || t.getJsonArray("followerIds").contains(a.id());
      case GRID_WORKER -> a.id().equals(t.getString("assigneeId"));
      case DEPT_STAFF -> Scope.activeDepartment(a, t);
      case DISPATCHER, ADMIN -> true;
      default -> a.id().equals(t.getString("createdBy"));
    };
  }

  /** Stores the photo and its timeline event in one transaction; answers {id, contentType, size}. */
  public Future<JsonObject> add(Actor actor, String ticketId, Buffer bytes, String phase, OffsetDateTime now) {
    UUID id = TicketQueries.parseId(ticketId);
    if (id == null) return Future.failedFuture(ApiError.notFound("Ticket"));
    String type = sniff(bytes);
    if (type == null) {
      return Future.failedFuture(new ApiError(415, "unsupported_media_type", "Only JPEG, PNG, WebP or HEIC photos are accepted"));
    }
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT " + TicketRecord.COLUMNS
            + ", ticket_topics(tickets) AS topics FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .compose(rows -> {
          JsonObject t = rows.size() == 0 ? null : TicketRecord.fromRow(rows.iterator().next());
          if (t == null || !Scope.canSee(actor, t)) throw ApiError.notFound("Ticket");
          if (!mayAttach(actor, t)) throw ApiError.forbidden("You may not add photos to this ticket");
          // the reporter of a report merged on arrival may still add the photo they took
          boolean ownMerged = "merged".equals(t.getString("status")) && actor.id().equals(t.getString("reporterId"));
          if (CLOSED.contains(t.getString("status")) && !ownMerged) {
            throw ApiError.conflict("invalid_transition", "The ticket is " + t.getString("status"));
          }
          List<String> topics = List.of(rows.iterator().next().getArrayOfStrings("topics"));
          UUID attachmentId = UUID.randomUUID();
          JsonObject meta = new JsonObject().put("id", attachmentId.toString()).put("contentType", type).put("size", bytes.length());
          return conn.preparedQuery("INSERT INTO attachments (id, ticket_id, uploader_id, content_type, size, data, created_at)"
                  + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
              .execute(Tuple.of(attachmentId, id, actor.id(), type, bytes.length(), bytes, now))
              .compose(v -> conn.preparedQuery("UPDATE tickets SET seq = seq + 1, updated_at = $2 WHERE id = $1")
                  .execute(Tuple.of(id, now)))
              .compose(v -> Timeline.append(conn, id, t.getInteger("seq"), now, actor,
                  List.of(new Timeline.NewEvent("attachment_added", meta.copy().put("attachmentId", attachmentId.toString())
                      .put("phase", phase))), topics))
              .map(meta);
        }));
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
