package org.griddispatch.subdistrict;

import org.griddispatch.geo.GridSpec;

import java.util.List;

/**
 * A subdistrict as its files describe it, every part checked: departments, categories, service items,
 * grids (their workers come from the staff's {@code gridIds} and {@code backupGridIds}) and staff.
 */
record Subdistrict(String source, List<DepartmentSpec> departments, List<CategorySpec> categories, List<ServiceSpec> services,
                   List<GridSpec> grids, List<StaffSpec> staff) {}
