package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;

/**
 * An account's lockout after consecutive failed sign-ins: from the {@code afterFailures}-th failure on,
 * each failure locks the account for {@code lockSeconds}, doubled for every failure since, at most
 * {@code maxLockSeconds}. Failures older than {@code forgetAfterSeconds} no longer count, so a
 * forgotten password last month does not shorten today's patience.
 */
public record Lockout(int afterFailures, int lockSeconds, int maxLockSeconds, int forgetAfterSeconds) {
  public Lockout {
    if (afterFailures < 1 || lockSeconds < 1 || maxLockSeconds < lockSeconds || forgetAfterSeconds < 1) {
      throw new IllegalArgumentException("limits.signIn: lockAfterFailures, lockSeconds and forgetFailuresAfterSeconds"
          + " must be at least 1, and maxLockSeconds at least lockSeconds");
    }
  }

  static Lockout from(JsonObject json) {
    JsonObject j = json == null ? new JsonObject() : json;
    return new Lockout(j.getInteger("lockAfterFailures", 5), j.getInteger("lockSeconds", 60),
        j.getInteger("maxLockSeconds", 3600), j.getInteger("forgetFailuresAfterSeconds", 86_400));
  }

  /** How long the {@code failures}-th consecutive failure locks the account: 0 below the threshold. */
  public int lockSecondsAfter(int failures) {
    if (failures < afterFailures) return 0;
    int doublings = Math.min(failures - afterFailures, 30); // 2^30 seconds is far past any sensible cap
    return (int) Math.min(maxLockSeconds, (long) lockSeconds << doublings);
  }

  /** The answer while an account is locked: 429 like any other limit, with the seconds left. */
  public static ApiError refusal(int retryAfterSeconds) {
    return new ApiError(429, "account_locked", "Too many failed sign-ins for this account; try again later", null,
        Math.max(1, retryAfterSeconds));
  }
}
