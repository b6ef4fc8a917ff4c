package org.griddispatch.push;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tickets that nodes have just committed, as they announced them with their wake-up: the feeder
 * sends these with the events instead of reading them back. Only a snapshot at least as new as the
 * events being sent is used; anything else is read from the database as before. The newest few
 * thousand are kept; used on the feeder's event loop only.
 */
final class RecentTickets {
  private static final int KEEP = 2048;

  private final Map<String, JsonObject> byId = new LinkedHashMap<>(KEEP * 2, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
      return size() > KEEP;
    }
  };

  /** Keeps a committed ticket unless a newer snapshot of it is already here. */
  void remember(JsonObject ticket) {
    String id = ticket.getString("id");
    Integer seq = ticket.getInteger("seq");
    if (id == null || seq == null) return;
    JsonObject known = byId.get(id);
    if (known == null || known.getInteger("seq") < seq) {
      byId.remove(id); // re-inserted as the newest
      byId.put(id, ticket);
    }
  }

  /** The ticket as of its event {@code seq} or later, or null when only the database has it. */
  JsonObject asOf(String id, int seq) {
    JsonObject known = byId.get(id);
    return known != null && known.getInteger("seq") >= seq ? known : null;
  }
}
