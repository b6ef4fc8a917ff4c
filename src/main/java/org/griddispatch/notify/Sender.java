package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Sends one message on one channel (an SMS gateway, WeChat, a webhook): succeeds once the gateway
 * took it, fails to have it tried again later. A message may be sent more than once (a node that
 * dies after sending and before recording it); a gateway that can dedupe gets {@link Message#id()}.
 */
public interface Sender {
  /** One message: its id, channel ({@code sms}), the whole address, template name, its values and its text. */
  record Message(String id, String ticketId, String channel, String to, String template, JsonObject data, String text) {}

  Future<Void> send(Message message);
}
