/**
 * Notifications: messages to people who are not looking at a screen (an SMS that their ticket was
 * accepted or resolved, an alert that an urgent ticket waits unseen). The outbox rows are written by
 * {@code store.NotificationOutbox} in the transaction of the event that causes them; here they are
 * listed for the centre ({@code GET /admin/notifications}) and sent by {@link NotificationVerticle}
 * through a pluggable {@link Sender} (the default, {@link LogSender}, writes them to the log, masked).
 */
package org.griddispatch.notify;
