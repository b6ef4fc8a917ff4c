package org.griddispatch.open311;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.auth.UserStore;
import org.griddispatch.common.ApiError;

/**
 * Who an Open311 caller is, from its {@code api_key}: an integration account, or, for reading only
 * and only where the jurisdiction publishes a feed, the public. Requests are residents' reports
 * with their homes and words in them, so reading them takes a key unless the feed was chosen.
 */
final class Callers {
  /** What a reader of requests may see: everything an integration may, or the public feed. */
  enum Audience { INTEGRATION, PUBLIC }

  private final UserStore users;
  private final boolean publicFeed;

  Callers(UserStore users, boolean publicFeed) {
    this.users = users;
    this.publicFeed = publicFeed;
  }

  /** Who files a request: the integration of the form's api_key; 403 without a key, or with one that is not an integration's. */
  Future<Actor> filer(MultiMap form) {
    String key = key(form);
    if (key == null) return Future.failedFuture(new ApiError(403, "forbidden", "api_key is required"));
    return integration(key);
  }

  /**
   * A reader of requests and their updates: with a key, the integration (a wrong key is refused even
   * where a public feed exists, so a client never mistakes the feed for its own view); without one,
   * the public where the feed is on, else 401.
   */
  Future<Audience> reader(MultiMap params) {
    String key = key(params);
    if (key != null) return integration(key).map(Audience.INTEGRATION);
    if (publicFeed) return Future.succeededFuture(Audience.PUBLIC);
    return Future.failedFuture(new ApiError(401, "unauthorized", "api_key is required to read requests"));
  }

  /** The integration account of an api_key; 403 for a key that is not an integration's. */
  private Future<Actor> integration(String key) {
    return users.byApiKey(key.strip()).compose(found -> found.filter(u -> u.role() == Role.INTEGRATION)
        .map(u -> Future.succeededFuture(u.actor()))
        .orElseGet(() -> Future.failedFuture(new ApiError(403, "forbidden", "api_key is not valid"))));
  }

  /** The api_key parameter, or null when there is none or it is blank. */
  private static String key(MultiMap params) {
    String key = params.get("api_key");
    return key == null || key.isBlank() ? null : key;
  }
}
