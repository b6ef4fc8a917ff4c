package org.griddispatch.limits;

import org.griddispatch.common.ApiError;

/** One more use of a limit's window for {@code key}: the uses so far in the window and when the window ends. */
public record Hit(Limit limit, String key, int uses, int retryAfterSeconds) {
  public boolean over() { return uses > limit.max(); }

  /** The first refusal of a window: the one that is audited, so a flood writes one row, not thousands. */
  public boolean tripped() { return uses == limit.max() + 1; }

  public ApiError refusal() {
    return new ApiError(429, limit.code(), limit.message(), null, Math.max(1, retryAfterSeconds));
  }
}
