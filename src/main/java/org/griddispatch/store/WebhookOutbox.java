package org.griddispatch.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The outbox's one statement: new ticket events become webhook deliveries for the subscriptions that
 * want them, in the transaction that writes the events, so an event is announced if and only if it
 * commits. With no subscription at all the statement stops at its first check (a one-time filter):
 * intake's statement pays nothing for a feature nobody uses.
 */
public final class WebhookOutbox {
  private WebhookOutbox() {}

  /**
   * An {@code INSERT … SELECT} of the deliveries of the events {@code source} yields, as columns
   * {@code ticket_id, seq, type, created_by} (the account that filed the ticket).
   */
  public static String insert(String source) {
    return """
        INSERT INTO webhook_deliveries (webhook_id, ticket_id, seq, type)
        SELECT w.id, n.ticket_id, n.seq, n.type
        FROM (%s) AS n
        JOIN webhooks w ON ('*' = ANY (w.events) OR n.type = ANY (w.events))
                       AND (w.account_id IS NULL OR w.account_id = n.created_by)
        WHERE EXISTS (SELECT 1 FROM webhooks)""".formatted(source);
  }

  private static final String AFTER_SEQ = insert("SELECT e.ticket_id, e.seq, e.type, t.created_by"
      + " FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.ticket_id = $1 AND e.seq > $2");

  /** The deliveries of the ticket's events after {@code lastSeq}, on the caller's transaction. */
  public static Future<Void> enqueue(SqlClient conn, UUID ticketId, int lastSeq) {
    return conn.preparedQuery(AFTER_SEQ).execute(Tuple.of(ticketId, lastSeq)).mapEmpty();
  }
}
