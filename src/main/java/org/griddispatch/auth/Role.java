package org.griddispatch.auth;

import java.util.Arrays;
import java.util.Optional;

/** The roles of API.md, spelled as on the wire. */
public enum Role {
  RESIDENT("resident"), GRID_WORKER("grid_worker"), DEPT_STAFF("dept_staff"), DISPATCHER("dispatcher"),
  SUPERVISOR("supervisor"), ADMIN("admin"), INTEGRATION("integration"),
  /** The server itself (deadline escalations, automatic closing); never a user's role. */
  SYSTEM("system");

  private final String wire;

  Role(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static Optional<Role> parse(String value) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
  }

  /** Dispatchers, supervisors and admins see every ticket. */
  public boolean seesEverything() { return this == DISPATCHER || this == SUPERVISOR || this == ADMIN; }

  public boolean isStaff() { return this != RESIDENT && this != INTEGRATION && this != SYSTEM; }
}
