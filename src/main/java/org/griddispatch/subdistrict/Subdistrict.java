package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonObject;
import org.griddispatch.geo.GridSpec;

import java.util.List;

/**
 * A subdistrict as its files describe it, every part checked: departments, categories and service
 * items (in the catalogue's canonical form, as {@code catalog}'s rules give them), grids (their workers come from the staff's {@code gridIds} and {@code backupGridIds}) and staff.
 */
record Subdistrict(String source, List<JsonObject> departments, List<JsonObject> categories, List<JsonObject> services,
                   List<GridSpec> grids, List<StaffSpec> staff) {}
