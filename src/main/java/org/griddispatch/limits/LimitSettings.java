package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;

/**
 * The limits as configured ({@code limits} in {@code conf/config.json}, switched as a whole by
 * {@code DISPATCH_RATE_LIMITS}); every value has a default here. The per-phone window of resident
 * codes is {@code residentCode}'s and stays on when the rest is off: it is what bounds guessing a
 * code (a few codes, each with a few tries), not only a brake on abuse.
 */
public record LimitSettings(boolean enabled, Limit signInPerIp, Lockout lockout, Limit codesPerIp, Limit codesPerPhone,
                            Limit filingPerAccount, Limit filingPerPlace, int placeCellMeters) {

  public static LimitSettings from(JsonObject config) {
    JsonObject limits = config.getJsonObject("limits", new JsonObject());
    JsonObject signIn = limits.getJsonObject("signIn", new JsonObject());
    JsonObject codes = limits.getJsonObject("residentCodes", new JsonObject());
    JsonObject filing = limits.getJsonObject("filing", new JsonObject());
    JsonObject place = filing.getJsonObject("perPlace", new JsonObject());
    JsonObject phone = config.getJsonObject("residentCode", new JsonObject());
    return new LimitSettings(limits.getBoolean("enabled", true),
        Limit.from(signIn.getJsonObject("perIp"), "signInPerIp", 30, 60, "too_many_attempts",
            "Too many sign-in attempts from this address; try again later"),
        Lockout.from(signIn),
        Limit.from(codes.getJsonObject("perIp"), "codesPerIp", 20, 600, "too_many_codes",
            "Too many codes requested from this address; try again later"),
        new Limit("codesPerPhone", phone.getInteger("maxPerWindow", 5), phone.getInteger("windowSeconds", 600),
            "too_many_codes", "Too many codes requested for this phone; try again later"),
        Limit.from(filing.getJsonObject("perAccount"), "filingPerAccount", 10, 3600, "too_many_reports",
            "Too many reports from this account; try again later"),
        Limit.from(place, "filingPerPlace", 20, 3600, "too_many_reports",
            "Too many reports about this place; try again later"),
        place.getInteger("cellMeters", 50));
  }
}
