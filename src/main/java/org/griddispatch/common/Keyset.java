package org.griddispatch.common;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * A position in a newest-first listing ordered by (time, key): the last row of a page, from which
 * the next page goes on ({@code WHERE (at, key) < (…)}). Opaque to clients: the time to the
 * microsecond and the key, base64url-encoded.
 */
public record Keyset(OffsetDateTime at, String key) {
  public String encode() {
    Instant i = at.toInstant();
    long micros = i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a cursor names; a 400 naming {@code cursor} for anything this server did not give out. */
  public static Keyset decode(String text) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 2);
      long micros = Long.parseLong(parts[0]);
      Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      if (parts[1].isEmpty()) throw new IllegalArgumentException("no key");
      return new Keyset(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), parts[1]);
    } catch (RuntimeException e) {
      throw invalid();
    }
  }

  /** The refusal of a cursor this server did not give out. */
  public static ApiError invalid() {
    return ApiError.invalid(new JsonObject().put("cursor", "not a cursor this server gave out"));
  }
}
