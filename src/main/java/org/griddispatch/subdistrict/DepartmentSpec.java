package org.griddispatch.subdistrict;

import org.griddispatch.common.Fields;

import java.util.Set;

/** A department as a subdistrict's files give it: {@code id, name, nameEn?, phone?}. */
record DepartmentSpec(String id, String name, String nameEn, String phone) {
  static final Set<String> KNOWN = Set.of("id", "name", "nameEn", "phone");
  static final String ID = "^[a-z0-9][a-z0-9_-]{0,63}$";

  static DepartmentSpec read(Fields f) {
    f.onlyKnown(KNOWN);
    return new DepartmentSpec(f.matching("id", true, ID, "lower-case letters, digits, '-' and '_', at most 64"),
        f.string("name", true, 64), f.string("nameEn", false, 128), f.string("phone", false, 32));
  }
}
