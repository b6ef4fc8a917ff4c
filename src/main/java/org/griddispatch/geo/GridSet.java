package org.griddispatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;
import org.locationtech.jts.geom.Geometry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole grid set, a GeoJSON FeatureCollection, checked at once: every feature's properties and
 * polygon, ids that do not repeat, no two grids overlapping beyond a shared border, and (through
 * {@link #checkWorkers}) the workers it names. Every problem is collected, by feature, so the one
 * answer lists them all. The admin's {@code PUT /admin/grids} and the subdistrict import both check
 * with it.
 */
public final class GridSet {
  /** Grid ids travel in topics ({@code grid:<id>}) and URLs: letters, digits, '-' and '_'. */
  public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
  public static final int MAX_GRIDS = 5000;
  public static final int MAX_WORKERS = 50;

  /** One problem: where ({@code features[3]}, or a top-level member), the grid's id when known, and why. */
  public record Problem(String where, String gridId, String reason) {}

  /** Says what is wrong with naming this user as a grid's worker or backup, or null when nothing is. */
  public interface WorkerCheck {
    String refusal(String userId);
  }

  private final List<Problem> problems = new ArrayList<>();
  private final List<GridSpec> grids = new ArrayList<>();
  /** Per feature, the workers and backups it names (empty lists when it names none or could not be read). */
  private final Map<Integer, List<String>> workersOf = new LinkedHashMap<>();
  private final Map<Integer, List<String>> backupsOf = new LinkedHashMap<>();
  private final Map<Integer, String> idOf = new HashMap<>();

  private GridSet() {}

  /**
   * Reads and checks a FeatureCollection. With {@code workersNamed} each feature must name its
   * workers ({@code workerIds}, {@code backupWorkerIds} optional); without, it must not (they are
   * assigned elsewhere, as an import's users file does).
   */
  public static GridSet read(JsonObject collection, boolean workersNamed) {
    GridSet set = new GridSet();
    JsonObject fc = collection == null ? new JsonObject() : collection;
    if (!"FeatureCollection".equals(fc.getValue("type"))) set.problem("type", null, "must be \"FeatureCollection\"");
    if (!(fc.getValue("features") instanceof JsonArray features)) {
      set.problem("features", null, "must be an array of GeoJSON Features");
      return set;
    }
    if (features.isEmpty()) set.problem("features", null, "a grid set needs at least one grid");
    if (features.size() > MAX_GRIDS) {
      set.problem("features", null, "at most " + MAX_GRIDS + " grids");
      return set;
    }
    List<Geometry> shapes = new ArrayList<>();
    Map<String, Integer> firstWithId = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      shapes.add(set.feature(i, features.getValue(i), workersNamed));
      String id = set.idOf.get(i);
      if (id == null) continue;
      Integer first = firstWithId.putIfAbsent(id, i);
      if (first != null) set.problem(where(i), id, "id " + id + " repeats " + where(first));
    }
    for (Overlaps.Overlap o : Overlaps.among(shapes)) {
      String size = " (about " + Math.max(1, Math.round(o.squareMeters())) + " m²)";
      set.problem(where(o.first()), set.idOf.get(o.first()), "overlaps grid " + set.name(o.second()) + size);
      set.problem(where(o.second()), set.idOf.get(o.second()), "overlaps grid " + set.name(o.first()) + size);
    }
    return set;
  }

  /** One feature: its properties and polygon; answers its shape (null when unreadable) for the overlap check. */
  private Geometry feature(int i, Object value, boolean workersNamed) {
    if (!(value instanceof JsonObject feature)) {
      problem(where(i), null, "must be a GeoJSON Feature object");
      return null;
    }
    JsonObject props = feature.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
    Fields f = new Fields(props);
    String id = f.matching("id", true, ID_PATTERN, "letters, digits, '-' and '_', at most 64");
    String name = f.string("name", true, 64);
    String nameEn = f.string("nameEn", false, 128);
    String community = f.string("community", true, 64);
    String communityId = f.string("communityId", false, 64);
    List<String> workers = List.of();
    List<String> backups = List.of();
    if (workersNamed) {
      if (!props.containsKey("workerIds")) f.error("workerIds", "required (an empty array for a grid without workers)");
      workers = f.strings("workerIds", false, MAX_WORKERS, 64);
      backups = f.strings("backupWorkerIds", false, MAX_WORKERS, 64);
      for (String b : backups) if (workers.contains(b)) f.error("backupWorkerIds", b + " is already a worker of this grid");
    } else {
      for (String named : List.of("workerIds", "backupWorkerIds")) {
        if (props.containsKey(named)) f.error(named, "not taken here: workers are assigned with the users");
      }
    }
    if (id != null) idOf.put(i, id);
    workersOf.put(i, workers);
    backupsOf.put(i, backups);
    List<String> reasons = new ArrayList<>();
    if (!"Feature".equals(feature.getValue("type"))) reasons.add("type: must be \"Feature\"");
    if (!(feature.getValue("properties") instanceof JsonObject)) reasons.add("properties: must be an object");
    if (id != null && feature.getValue("id") != null && !id.equals(String.valueOf(feature.getValue("id")))) {
      reasons.add("id: the feature's id differs from properties.id");
    }
    f.problems().forEach(e -> reasons.add(e.getKey() + ": " + e.getValue()));
    Geometry shape = null;
    try {
      shape = GridGeometry.read(feature.getValue("geometry"));
    } catch (IllegalArgumentException e) {
      reasons.add("geometry: " + e.getMessage());
    }
    reasons.forEach(r -> problem(where(i), id, r));
    if (reasons.isEmpty()) {
      JsonObject geometry = feature.getJsonObject("geometry");
      // the boundary as stored: the geometry's own members only
      JsonObject boundary = new JsonObject().put("type", geometry.getString("type")).put("coordinates", geometry.getJsonArray("coordinates").copy());
      grids.add(new GridSpec(id, name, nameEn, community, communityId, boundary, shape, workers, backups));
    }
    return shape;
  }

  /** Every user the features name as a worker or backup, to look up in one go. */
  public Set<String> namedWorkers() {
    Set<String> out = new LinkedHashSet<>();
    workersOf.values().forEach(out::addAll);
    backupsOf.values().forEach(out::addAll);
    return out;
  }

  /** Adds a problem for every named worker or backup the check refuses. */
  public GridSet checkWorkers(WorkerCheck check) {
    workersOf.forEach((i, ids) -> ids.forEach(id -> refuse(i, "workerIds", id, check.refusal(id))));
    backupsOf.forEach((i, ids) -> ids.forEach(id -> refuse(i, "backupWorkerIds", id, check.refusal(id))));
    return this;
  }

  private void refuse(int i, String field, String userId, String refusal) {
    if (refusal != null) problem(where(i), idOf.get(i), field + ": " + userId + " " + refusal);
  }

  public boolean accepted() { return problems.isEmpty(); }

  public List<Problem> problems() { return List.copyOf(problems); }

  /** The grids, in the order given; complete only when {@link #accepted()}. */
  public List<GridSpec> grids() { return List.copyOf(grids); }

  /** The problems as the contract's {@code fields}: {@code {"features[3]": "overlaps grid sgj-02"}}, reasons joined. */
  public JsonObject fields() {
    JsonObject fields = new JsonObject();
    for (Problem p : problems) {
      String before = fields.getString(p.where());
      fields.put(p.where(), before == null ? p.reason() : before + "; " + p.reason());
    }
    return fields;
  }

  private void problem(String where, String gridId, String reason) {
    problems.add(new Problem(where, gridId, reason));
  }

  private String name(int feature) {
    return idOf.getOrDefault(feature, where(feature));
  }

  private static String where(int feature) {
    return "features[" + feature + "]";
  }
}
