package org.griddispatch.intake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sides of a place a report names (东门, 北口, 南头, 西边, 东侧): one bit per compass point (东 1,
 * 西 2, 南 4, 北 8). Two reports that each name a side and none in common are at two spots of one park
 * or street.
 */
final class Sides {
  private Sides() {}

  /** A compass point and a gate, end or side. */
  private static final Pattern SIDE = Pattern.compile("([东西南北])(门|口|头|侧|边|面|端|角)");

  /** The sides a normalized description names. */
  static int of(String normalized) {
    int found = 0;
    Matcher m = SIDE.matcher(normalized);
    while (m.find()) found |= 1 << "东西南北".indexOf(m.group(1));
    return found;
  }

  /** Both name a side and none in common (东门 / 西边; 北口 / 南头). */
  static boolean apart(int mine, int theirs) {
    return mine != 0 && theirs != 0 && (mine & theirs) == 0;
  }
}
