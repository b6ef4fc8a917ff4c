package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.CategoryRules;
import org.griddispatch.catalog.DepartmentRules;
import org.griddispatch.catalog.ServiceRules;
import org.griddispatch.geo.GridSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a subdistrict's files, all of them, before anything is written: each file is JSON of the
 * right shape, each entry's fields are valid and complete, ids and usernames do not repeat, every
 * department and grid referred to is in the files, and the grid set passes {@link GridSet} (valid
 * polygons, none overlapping another). Answers the subdistrict, or every problem found.
 */
public final class SubdistrictCheck {
  private SubdistrictCheck() {}

  /** The checked subdistrict, or (when {@link #problems} is not empty) why it cannot be loaded. */
  public record Checked(Subdistrict subdistrict, List<Problem> problems) {
    public boolean ok() { return problems.isEmpty(); }
  }

  /** Reads and checks the files; blocking (files, geometry): call it off the event loop. */
  public static Checked check(SubdistrictFiles files) {
    List<Problem> problems = new ArrayList<>();
    JsonDocument departmentsDoc = document(files, SubdistrictFiles.DEPARTMENTS, problems);
    JsonDocument categoriesDoc = document(files, SubdistrictFiles.CATEGORIES, problems);
    JsonDocument servicesDoc = document(files, SubdistrictFiles.SERVICES, problems);
    JsonDocument gridsDoc = document(files, SubdistrictFiles.GRIDS, problems);
    JsonDocument usersDoc = document(files, SubdistrictFiles.USERS, problems);

    Set<String> departmentIds = keys(departmentsDoc, "id");
    List<JsonObject> departments = departmentsDoc == null ? List.of()
        : Entries.read(departmentsDoc, "department", "id", problems, e -> DepartmentRules.department(e.fields()));
    List<JsonObject> categories = categoriesDoc == null ? List.of()
        : Entries.read(categoriesDoc, "category", "code", problems,
            e -> knownDepartment(e, CategoryRules.category(e.fields()), "defaultDeptId", departmentIds));
    List<JsonObject> services = servicesDoc == null ? List.of()
        : Entries.read(servicesDoc, "service item", "code", problems,
            e -> knownDepartment(e, ServiceRules.service(e.fields()), "deptId", departmentIds));
    GridSet grids = gridsDoc == null ? null : grids(gridsDoc, problems);
    Set<String> gridIds = new LinkedHashSet<>();
    if (grids != null) grids.grids().forEach(g -> gridIds.add(g.id()));
    if (gridsDoc != null && gridsDoc.value instanceof JsonObject fc && fc.getValue("features") instanceof JsonArray features) {
      // grids refused for their shape are still known by id: their users are not wrong too
      features.forEach(f -> {
        if (f instanceof JsonObject o && o.getValue("properties") instanceof JsonObject p && p.getValue("id") instanceof String id) gridIds.add(id);
      });
    }
    List<StaffSpec> staff = usersDoc == null ? List.of()
        : Entries.read(usersDoc, "user", "username", problems, e -> StaffSpec.read(e.fields(), gridIds, departmentIds));
    if (!problems.isEmpty()) return new Checked(null, problems);
    return new Checked(new Subdistrict(files.describe(), departments, categories, services, grids.grids(), staff), List.of());
  }

  /** The department an entry names must be one of the files': they are the whole catalogue being loaded. */
  private static JsonObject knownDepartment(Entries.Entry e, JsonObject entry, String field, Set<String> departments) {
    String dept = entry.getString(field);
    if (dept != null && !departments.contains(dept)) e.fields().error(field, "unknown department " + dept);
    return entry;
  }

  private static GridSet grids(JsonDocument doc, List<Problem> problems) {
    if (!(doc.value instanceof JsonObject collection)) {
      problems.add(doc.problem("", "must be a GeoJSON FeatureCollection object"));
      return null;
    }
    GridSet set = GridSet.read(collection, false);
    for (GridSet.Problem p : set.problems()) {
      problems.add(doc.problem(JsonDocument.pointer(p.where()),
          p.where() + (p.gridId() != null ? " (" + p.gridId() + ")" : "") + ": " + p.reason()));
    }
    return set;
  }

  private static JsonDocument document(SubdistrictFiles files, String name, List<Problem> problems) {
    String text = files.read(name);
    if (text == null) {
      problems.add(new Problem(name, 0, "missing from " + files.describe() + " (a file that lists nothing holds [])"));
      return null;
    }
    try {
      return JsonDocument.parse(name, text);
    } catch (JsonDocument.Unreadable e) {
      problems.add(e.problem);
      return null;
    }
  }

  /** The ids a file's entries give, whatever else is wrong with them: what other files may refer to. */
  private static Set<String> keys(JsonDocument doc, String key) {
    Set<String> out = new LinkedHashSet<>();
    if (doc != null && doc.value instanceof JsonArray entries) {
      entries.forEach(e -> {
        if (e instanceof JsonObject o && o.getValue(key) instanceof String s) out.add(s.strip());
      });
    }
    return out;
  }
}
