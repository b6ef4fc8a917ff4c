package org.griddispatch.notify;

import io.vertx.core.Future;
import org.griddispatch.auth.Phones;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default sender: one line in the log per message, the number masked; nothing leaves the server. */
public final class LogSender implements Sender {
  private static final Logger log = LoggerFactory.getLogger("notifications");

  @Override
  public Future<Void> send(Message m) {
    log.info("{} to {}: {} ticket={} \"{}\"", m.channel(), Phones.mask(m.to()), m.template(), m.ticketId(), m.text());
    return Future.succeededFuture();
  }
}
