package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.Fields;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * One workflow action. {@link #read} checks the body (400), {@link #mayAct} the user (403),
 * {@link #from} the ticket's state (409); {@link #apply} then says what changes.
 */
public interface Action {
  String name();

  /** The states the action is allowed from; empty means any state. */
  Set<String> from();

  /** Reads and checks the body; field errors go to {@code fields}. */
  JsonObject read(Fields fields);

  boolean mayAct(Actor actor, JsonObject ticket);

  /** A further state condition beyond {@link #from}, as a refusal message, or null when allowed. */
  default String refuse(JsonObject ticket, JsonObject input) { return null; }

  Change apply(Actor actor, JsonObject ticket, JsonObject input, OffsetDateTime now);
}
