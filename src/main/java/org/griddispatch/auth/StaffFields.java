package org.griddispatch.auth;

import org.griddispatch.common.Fields;

import java.util.List;
import java.util.Set;

/**
 * A staff account as an admin ({@code POST /admin/users}) or a subdistrict's users file gives it,
 * checked by one set of rules: the username's shape, a known staff role, grids for grid workers
 * only, a department for department staff only. References (do the grids and the department exist?)
 * are the caller's to check, against the database or the files.
 */
public record StaffFields(String username, String password, String name, Role role, String phone, List<String> gridIds,
                          String deptId) {
  public static final Set<String> KNOWN = Set.of("username", "password", "name", "role", "phone", "gridIds", "deptId");
  public static final String USERNAME = "^[a-z0-9][a-z0-9._-]{2,63}$";

  /** Reads the fields, reporting every problem on {@code f}; the password may be left out only when not required. */
  public static StaffFields read(Fields f, boolean passwordRequired) {
    String username = f.matching("username", true, USERNAME, "3 to 64 lower-case letters, digits, '.', '_' or '-'");
    String role = f.oneOf("role", true, AuthApi.STAFF_ROLES);
    String password = f.string("password", passwordRequired && !"integration".equals(role), 256);
    if (password != null && password.length() < 8) f.error("password", "at least 8 characters");
    String name = f.string("name", true, 64);
    String phone = f.matching("phone", false, Phones.PATTERN, "must be an 11-digit mainland mobile number");
    List<String> gridIds = f.strings("gridIds", "grid_worker".equals(role), 50, 64);
    String deptId = f.string("deptId", "dept_staff".equals(role), 64);
    if (role != null && !"grid_worker".equals(role) && !gridIds.isEmpty()) f.error("gridIds", "only grid workers have grids");
    if (role != null && !"dept_staff".equals(role) && deptId != null) f.error("deptId", "only department staff have a department");
    return new StaffFields(username, password, name, role == null ? null : Role.parse(role).orElseThrow(), phone, gridIds, deptId);
  }
}
