package org.griddispatch.ticket;

import java.util.Set;

/** Groups of ticket states that several features agree on. */
public final class States {
  private States() {}

  /** Still being handled: counted as open, followed by the clocks, candidates for duplicates. */
  public static final Set<String> OPEN = Set.of("received", "assigned", "accepted", "whistled", "returned", "reopened");
}
