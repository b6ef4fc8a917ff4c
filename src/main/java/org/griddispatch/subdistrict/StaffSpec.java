package org.griddispatch.subdistrict;

import org.griddispatch.auth.Role;
import org.griddispatch.auth.StaffFields;
import org.griddispatch.common.Fields;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A staff account as a subdistrict's users file gives it: the fields an admin would give
 * ({@link StaffFields}, the password optional), and the grids a grid worker stands in for as a
 * backup (AB岗). Grids and departments must be the files' own.
 */
record StaffSpec(StaffFields account, List<String> backupGridIds) {
  static final Set<String> KNOWN;

  static {
    Set<String> known = new HashSet<>(StaffFields.KNOWN);
    known.add("backupGridIds");
    KNOWN = Set.copyOf(known);
  }

  static StaffSpec read(Fields f, Set<String> grids, Set<String> departments) {
    f.onlyKnown(KNOWN);
    StaffFields account = StaffFields.read(f, false);
    if ("admin".equals(account.username())) f.error("username", "the admin account is the node's own (DISPATCH_ADMIN_PASSWORD)");
    List<String> backups = f.strings("backupGridIds", false, 50, 64);
    if (account.role() != Role.GRID_WORKER && !backups.isEmpty()) f.error("backupGridIds", "only grid workers stand in for a grid");
    for (String g : account.gridIds()) if (!grids.contains(g)) f.error("gridIds", "unknown grid " + g);
    for (String g : backups) {
      if (!grids.contains(g)) f.error("backupGridIds", "unknown grid " + g);
      else if (account.gridIds().contains(g)) f.error("backupGridIds", g + " is already one of this worker's grids");
    }
    if (account.deptId() != null && !departments.contains(account.deptId())) f.error("deptId", "unknown department " + account.deptId());
    return new StaffSpec(account, backups);
  }

  String username() { return account.username(); }
}
