package org.griddispatch.limits;

/** What to count a use against: a limit and whose use it is (an account id, a place, an address). */
public record Counter(Limit limit, String key) {
  /** The counter's name in a shared store: the limit, then the key. */
  String id() { return limit.name() + ":" + key; }
}
