package org.griddispatch.intake;

import io.vertx.core.Future;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Role;
import org.griddispatch.limits.Counter;
import org.griddispatch.limits.LimitSettings;
import org.griddispatch.limits.Limiter;
import org.griddispatch.limits.Who;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many reports a resident may file: per account, and per place (all residents' reports about one
 * spot together), counted in the database so that every node agrees. Staff and integrations are not
 * counted: they are accountable accounts, and the 12345 hotline files the whole city's calls, in
 * bursts; a misused key is revoked, not throttled.
 */
final class FilingLimits {
  /** Metres per degree of latitude (and of longitude at the equator). */
  private static final double METRES_PER_DEGREE = 111_320;

  private final Limiter limiter;
  private final LimitSettings settings;

  FilingLimits(Limiter limiter) {
    this.limiter = limiter;
    this.settings = limiter.settings();
  }

  /** Counts the report; fails with 429 when the account or the place has filed too many. */
  Future<Void> count(Actor actor, TicketRequest request) {
    if (!limiter.enabled() || actor.role() != Role.RESIDENT) return Future.succeededFuture();
    List<Counter> counters = new ArrayList<>(2);
    counters.add(new Counter(settings.filingPerAccount(), actor.id()));
    String place = place(request, settings.placeCellMeters());
    if (place != null) counters.add(new Counter(settings.filingPerPlace(), place));
    return limiter.countShared(counters, new Who(actor.id(), actor.role().wire(), actor.name()), null);
  }

  /**
   * The place a report is about: its square of {@code cellMeters} on a side, or without a location its
   * address with spacing and punctuation taken out (hashed: an address is personal data); null with
   * neither.
   */
  static String place(TicketRequest request, int cellMeters) {
    if (request.hasLocation()) {
      long row = (long) Math.floor(request.lat() * METRES_PER_DEGREE / cellMeters);
      // the row's own latitude sets the width, so every point of a square agrees on its column
      double rowLat = (row + 0.5) * cellMeters / METRES_PER_DEGREE;
      double metresPerDegreeLon = METRES_PER_DEGREE * Math.max(0.01, Math.cos(Math.toRadians(rowLat)));
      long column = (long) Math.floor(request.lon() * metresPerDegreeLon / cellMeters);
      return "cell:" + cellMeters + ":" + row + ":" + column;
    }
    if (request.address() == null) return null;
    String normal = request.address().toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{P}\\p{S}]+", "");
    return normal.isEmpty() ? null : "address:" + Passwords.sha256(normal).substring(0, 32);
  }
}
