package org.griddispatch.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of a category's open reports use each word (its synonym key): a word most streetlight
 * reports share (路灯) tells two streetlight reports apart less than one few use (歪, 小广告). Kept with
 * {@link OpenReports}, counted as reports come and go, read without a lock (a count a report off
 * changes nothing that matters).
 */
final class Commonness {
  /** Reports added to the count as if seen before any: a category with few open reports discounts little. */
  static final double PRIOR = 6;
  /** How much a word every report shares loses: its weight times {@code 1 - DISCOUNT * share}. */
  static final double DISCOUNT = 0.8;

  /** How much a word tells in one category, in (0, 1]. */
  interface Telling {
    double of(String key);
    Telling ALL = key -> 1;
  }

  private static final class OfCategory {
    final AtomicInteger reports = new AtomicInteger();
    final Map<String, AtomicInteger> using = new ConcurrentHashMap<>();
  }

  private final Map<String, OfCategory> categories = new ConcurrentHashMap<>();

  void add(String category, Wording words) {
    OfCategory c = categories.computeIfAbsent(category, k -> new OfCategory());
    c.reports.incrementAndGet();
    for (String k : words.keys()) c.using.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
  }

  void remove(String category, Wording words) {
    OfCategory c = categories.get(category);
    if (c == null) return;
    c.reports.decrementAndGet();
    for (String k : words.keys()) {
      AtomicInteger n = c.using.get(k);
      if (n != null && n.decrementAndGet() <= 0) c.using.remove(k, n);
    }
  }

  /** The category's words as they stand. */
  Telling of(String category) {
    OfCategory c = categories.get(category);
    if (c == null) return Telling.ALL;
    return key -> {
      AtomicInteger n = c.using.get(key);
      return n == null ? 1 : 1 - DISCOUNT * Math.min(1, n.get() / (c.reports.get() + PRIOR));
    };
  }
}
