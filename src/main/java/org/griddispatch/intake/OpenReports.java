package org.griddispatch.intake;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Vocabulary;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The open reports a new one may repeat, in memory, by category and by cells of about 550 m: what
 * duplicate detection compares a report with, without a query per report whose cost grows with the
 * number of open tickets nearby. One per node, shared by the intakes of its HTTP verticles; filled from the
 * database at start and kept current by {@link OpenReportsVerticle} from the event stream, which
 * carries every change made on any node. The database stays the truth: a merge checks, under a
 * lock on the original, that it is still open.
 */
public final class OpenReports {
  /** Cell size in degrees of latitude and longitude. */
  private static final double CELL = 0.005;

  /** What a report is compared with; {@code createdAt} in epoch milliseconds. */
  record Entry(UUID id, String number, String category, double lat, double lon, long createdAt, Wording words) {
    Entry {
      category = category.intern(); // a dozen categories among many thousand reports: one string each
    }
  }

  private final Map<String, Map<Long, List<Entry>>> cells = new HashMap<>();
  private final Map<UUID, Entry> byId = new HashMap<>();
  private final Commonness commonness = new Commonness();
  /** While the start-up load runs: tickets the event stream closed, which the load must not bring back. */
  private Set<UUID> closedWhileLoading = new HashSet<>();
  private final Promise<Void> loaded = Promise.promise();

  /** Completes once the start-up load is in: until then a check would miss older reports. */
  public Future<Void> whenLoaded() {
    return loaded.future();
  }

  /** Adds or moves a ticket while it is open and has a category, a place and words; forgets it otherwise. */
  public void apply(JsonObject ticket) {
    UUID id = UUID.fromString(ticket.getString("id"));
    JsonObject location = ticket.getJsonObject("location");
    String category = ticket.getString("category");
    String description = ticket.getString("description");
    String address = ticket.getString("address");
    if (!Vocabulary.OPEN.contains(ticket.getString("status")) || location == null || category == null || description == null) {
      remove(id);
      return;
    }
    double lat = location.getDouble("lat");
    double lon = location.getDouble("lon");
    if (holds(id, category, lat, lon)) return; // most events leave category and place as they were
    put(new Entry(id, ticket.getString("number"), category, lat, lon, OffsetDateTime.parse(ticket.getString("createdAt")).toInstant().toEpochMilli(),
        Wording.of(description, address, category)));
  }

  private synchronized boolean holds(UUID id, String category, double lat, double lon) {
    Entry e = byId.get(id);
    return e != null && e.category().equals(category) && e.lat() == lat && e.lon() == lon;
  }

  synchronized void put(Entry entry) {
    Entry old = byId.put(entry.id(), entry);
    if (old != null) forgetOne(old);
    commonness.add(entry.category(), entry.words());
    // each cell oldest first: reports mostly arrive in time order, so this is nearly always an append
    List<Entry> cell = cell(entry.category(), entry.lat(), entry.lon());
    int at = cell.size();
    while (at > 0 && cell.get(at - 1).createdAt() > entry.createdAt()) at--;
    cell.add(at, entry);
  }

  /**
   * A ticket as the start-up load read it, unless the event stream has news of it already. Appended
   * as it comes (the load is not ordered, sorting 100,000 rows in the database took longer than here);
   * {@link #loaded()} puts each cell in order.
   */
  synchronized void putLoaded(Entry entry) {
    if (byId.containsKey(entry.id()) || closedWhileLoading.contains(entry.id())) return;
    byId.put(entry.id(), entry);
    commonness.add(entry.category(), entry.words());
    cell(entry.category(), entry.lat(), entry.lon()).add(entry);
  }

  synchronized void loaded() {
    closedWhileLoading = null;
    for (Map<Long, List<Entry>> ofCategory : cells.values()) {
      for (List<Entry> cell : ofCategory.values()) cell.sort(Comparator.comparingLong(Entry::createdAt));
    }
    loaded.tryComplete();
  }

  synchronized void remove(UUID id) {
    if (closedWhileLoading != null) closedWhileLoading.add(id);
    Entry old = byId.remove(id);
    if (old != null) forgetOne(old);
  }

  private void forgetOne(Entry old) {
    cell(old.category(), old.lat(), old.lon()).remove(old);
    commonness.remove(old.category(), old.words());
  }

  /** How much each word tells among the category's open reports (a word most of them use, little). */
  Commonness.Telling telling(String category) {
    return commonness.of(category);
  }

  /** The open report of that id, or null. */
  synchronized Entry get(UUID id) {
    return byId.get(id);
  }

  synchronized int size() {
    return byId.size();
  }

  /**
   * The newest {@code limit} open reports of the category inside the box {minLat, maxLat, minLon,
   * maxLon} filed after {@code since} (epoch ms). Each cell is read from its newest report back, only
   * until it has given {@code limit} inside the box, so the cost does not grow with the reports held.
   * Older ones than {@code since} are dropped for good on the way: reports only come later.
   */
  synchronized List<Entry> near(String category, double[] box, long since, int limit) {
    Map<Long, List<Entry>> ofCategory = cells.get(category);
    if (ofCategory == null) return List.of();
    List<Entry> found = new ArrayList<>();
    for (long y = index(box[0]); y <= index(box[1]); y++) {
      for (long x = index(box[2]); x <= index(box[3]); x++) {
        List<Entry> entries = ofCategory.get(key(y, x));
        if (entries == null) continue;
        int taken = 0;
        int i = entries.size() - 1;
        for (; i >= 0 && taken < limit; i--) {
          Entry e = entries.get(i);
          if (e.createdAt() <= since) break;
          if (e.lat() >= box[0] && e.lat() <= box[1] && e.lon() >= box[2] && e.lon() <= box[3]) {
            found.add(e);
            taken++;
          }
        }
        if (i >= 0 && entries.get(i).createdAt() <= since) forget(entries.subList(0, i + 1));
      }
    }
    found.sort(Comparator.comparingLong(Entry::createdAt).reversed());
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
  }

  /** Drops a cell's oldest reports, past the window. */
  private void forget(List<Entry> expired) {
    for (Entry e : expired) {
      byId.remove(e.id());
      commonness.remove(e.category(), e.words());
    }
    expired.clear();
  }

  private List<Entry> cell(String category, double lat, double lon) {
    return cells.computeIfAbsent(category, c -> new HashMap<>()).computeIfAbsent(key(index(lat), index(lon)), k -> new ArrayList<>());
  }

  private static long index(double degrees) {
    return (long) Math.floor(degrees / CELL);
  }

  private static long key(long y, long x) {
    return (y << 32) ^ (x & 0xffffffffL);
  }
}
