package org.griddispatch.limits;

/** Who an audit row names as the actor: the signed-in caller when known, else the server's limits. */
public record Who(String id, String role, String name) {
  /** A refusal of a caller not signed in (a sign-in, a code request) is the server's act. */
  public static final Who LIMITS = new Who("system", "system", "abuse limits");
}
