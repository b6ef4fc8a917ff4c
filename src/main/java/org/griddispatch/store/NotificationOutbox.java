package org.griddispatch.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The notification outbox's one statement: ticket events that tell someone who is not looking at a
 * screen become messages (SMS by default), in the transaction that writes the events, so a message
 * exists if and only if its event commits. The reporting resident hears that their ticket was
 * accepted, resolved (please rate) and reopened; the people an {@code unseen_alert} names (its
 * {@code notifyIds}: the assignee and the grid's backups) hear that an urgent ticket waits unseen;
 * the supervisors hear of the ladder's 督办 and 通报 steps. Each recipient is reached on each channel
 * they have: an SMS to their phone, a Web Push to their subscribed browsers.
 * The {@code notify} package lists and sends them.
 */
public final class NotificationOutbox {
  private NotificationOutbox() {}

  /** The event types that cause a message. */
  public static final List<String> TYPES = List.of("accepted", "resolved", "reopened", "unseen_alert", "sla_supervised", "sla_notified");

  private static final String AFTER_SEQ = """
      INSERT INTO notifications (ticket_id, seq, channel, recipient_id, to_address, template, data, due_at, created_at)
      SELECT e.ticket_id, e.seq, ch.channel, r.user_id, ch.address, r.template,
             jsonb_build_object('number', t.number, 'category', coalesce(c.name, t.category, t.service_code),
                                'categoryEn', coalesce(c.name_en, c.name, t.category, t.service_code), 'priority', t.priority), e.at, e.at
      FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id LEFT JOIN categories c ON c.code = t.category
      CROSS JOIN LATERAL (
        SELECT u.id AS user_id, u.phone, 'ticket_' || e.type AS template FROM users u
        WHERE e.type IN ('accepted', 'resolved', 'reopened') AND u.id = t.reporter_id AND u.role = 'resident'
        UNION ALL
        SELECT u.id, u.phone, 'unseen_alert' FROM users u
        WHERE e.type = 'unseen_alert' AND u.active
          AND u.id IN (SELECT jsonb_array_elements_text(coalesce(e.data -> 'notifyIds', '[]')))
        UNION ALL -- 督办 and 通报: the supervisors hear of a ticket long past its deadline
        SELECT u.id, u.phone, 'ticket_' || e.type FROM users u
        WHERE e.type IN ('sla_supervised', 'sla_notified') AND u.role = 'supervisor' AND u.active
      ) AS r
      CROSS JOIN LATERAL (%s) AS ch
      WHERE e.ticket_id = $1 AND e.seq > $2 AND e.type = ANY ($3)
      ON CONFLICT DO NOTHING""".formatted(channels("r.user_id", "r.phone"));

  /**
   * The channels a recipient is reached on, as rows {@code (channel, address)}: an SMS to their phone
   * when they have one, and a Web Push (addressed by their account) when a browser of theirs subscribed.
   */
  private static String channels(String userId, String phone) {
    return """
        SELECT 'sms' AS channel, %2$s AS address WHERE %2$s IS NOT NULL AND %2$s <> ''
        UNION ALL
        SELECT 'push', %1$s WHERE EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.user_id = %1$s)""".formatted(userId, phone);
  }

  /**
   * A notice for some grids: every active resident who reported from one of them in the last
   * {@code days} days (residents have no home grid; where they have reported is where they live or
   * pass) gets it once, on the caller's transaction. Answers how many messages were written.
   */
  public static Future<Integer> enqueueNotice(SqlClient conn, long announcementId, String[] gridIds, String title,
                                              java.time.OffsetDateTime now, int days) {
    return conn.preparedQuery("""
            INSERT INTO notifications (announcement_id, channel, recipient_id, to_address, template, data, due_at, created_at)
            SELECT DISTINCT ON (ch.channel, ch.address) $1::bigint, ch.channel, u.id, ch.address, 'area_notice',
                   jsonb_build_object('title', $3::text), $4, $4
            FROM tickets t JOIN users u ON u.id = t.reporter_id
            CROSS JOIN LATERAL (%s) AS ch
            WHERE t.grid_id = ANY ($2) AND t.created_at > $4::timestamptz - make_interval(days => $5)
              AND u.role = 'resident' AND u.active
            ORDER BY ch.channel, ch.address
            ON CONFLICT DO NOTHING""".formatted(channels("u.id", "u.phone")))
        .execute(Tuple.of(announcementId, gridIds, title, now, days)).map(io.vertx.sqlclient.SqlResult::rowCount);
  }

  /** Whether any of these event types causes a message (else the statement is not worth its round trip). */
  public static boolean notifies(Collection<String> types) {
    return types.stream().anyMatch(TYPES::contains);
  }

  /** The messages of the ticket's events after {@code lastSeq}, on the caller's transaction. */
  public static Future<Void> enqueue(SqlClient conn, UUID ticketId, int lastSeq) {
    return conn.preparedQuery(AFTER_SEQ).execute(Tuple.of(ticketId, lastSeq, TYPES.toArray(String[]::new))).mapEmpty();
  }
}
