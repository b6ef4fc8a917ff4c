package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Times;
import org.griddispatch.limits.Hit;
import org.griddispatch.limits.Limiter;
import org.griddispatch.limits.Lockout;
import org.griddispatch.limits.Who;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Supplier;

/**
 * The abuse limits on signing in: a staff account's lockout after consecutive failures (kept on the
 * user's row, so every node agrees), sign-in attempts and code requests per client address (counted
 * in each node's memory), and the per-phone window of resident codes.
 */
final class SignInLimits {
  /** The account's row locked while its attempt is counted; refused (nothing written) while it is locked out. */
  private static final String FIND = """
      SELECT id, CASE WHEN last_failed_sign_in_at > $3::timestamptz - make_interval(secs => $2) THEN failed_sign_ins ELSE 0 END AS failures,
             ceil(extract(epoch FROM locked_until - $3::timestamptz))::int AS locked_for
      FROM users WHERE username = $1 AND role <> 'resident' FOR UPDATE
      """;
  private static final String COUNT = "UPDATE users SET failed_sign_ins = $2, last_failed_sign_in_at = $4::timestamptz,"
      + " locked_until = CASE WHEN $3 > 0 THEN $4::timestamptz + make_interval(secs => $3) ELSE locked_until END WHERE id = $1";
  private static final String CLEAR = "UPDATE users SET failed_sign_ins = 0, last_failed_sign_in_at = NULL, locked_until = NULL"
      + " WHERE id = $1";

  /** An attempt on an existing account, counted as a failure until the password proves right. */
  private record Claim(String userId, int failures, int lockSeconds) {}

  private final Pool pool;
  private final Limiter limiter;
  private final Lockout lockout;
  /** The node's clock, as every deadline uses (tests move it instead of waiting out a lockout). */
  private final Clock clock;

  SignInLimits(Vertx vertx, Pool pool, JsonObject config, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.limiter = Limiter.of(vertx, pool, config);
    this.lockout = limiter.settings().lockout();
  }

  /**
   * Runs a staff password check ({@code check}, failing with 401 on wrong credentials) within the
   * limits: the client address's attempts first, then the account's lockout. The attempt is counted
   * before the password is checked, so that many guesses sent at once cannot all slip in before the
   * lockout; a right password clears the count.
   */
  <T> Future<T> attempt(String username, String ip, Supplier<Future<T>> check) {
    if (!limiter.enabled()) return check.get();
    return limiter.countByAddress(limiter.settings().signInPerIp(), ip)
        .compose(v -> claim(username))
        .compose(claim -> check.get().transform(ar -> {
          if (claim == null) return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
          if (ar.succeeded()) return pool.preparedQuery(CLEAR).execute(Tuple.of(claim.userId())).map(ar.result());
          return failed(claim, username, ip, ar.cause());
        }));
  }

  /** One more code request from the client's address. */
  Future<Void> codeRequest(String ip) {
    return limiter.countByAddress(limiter.settings().codesPerIp(), ip);
  }

  /** The phone's code window after this request ({@code requests} so far, {@code waitSeconds} left); on whether the rest is on or off. */
  Future<Void> codesForPhone(String phone, int requests, int waitSeconds, String ip) {
    Hit hit = new Hit(limiter.settings().codesPerPhone(), Phones.mask(phone), requests, waitSeconds);
    return limiter.refuseIfOver(hit, Who.LIMITS, ip);
  }

  private Future<Claim> claim(String username) {
    OffsetDateTime now = Times.now(clock);
    return pool.withTransaction(conn -> conn.preparedQuery(FIND).execute(Tuple.of(username, lockout.forgetAfterSeconds(), now))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(null); // no such account: nothing to lock
          Row r = rows.iterator().next();
          Integer lockedFor = r.getInteger("locked_for");
          if (lockedFor != null && lockedFor > 0) return Future.failedFuture(Lockout.refusal(lockedFor));
          int failures = r.getInteger("failures") + 1;
          Claim claim = new Claim(r.getString("id"), failures, lockout.lockSecondsAfter(failures));
          return conn.preparedQuery(COUNT).execute(Tuple.of(claim.userId(), claim.failures(), claim.lockSeconds(), now)).map(claim);
        }));
  }

  /** A wrong password that locks the account is audited and answered 429; any other failure passes through. */
  private <T> Future<T> failed(Claim claim, String username, String ip, Throwable cause) {
    if (claim.lockSeconds() == 0 || !(cause instanceof ApiError e) || e.status() != 401) return Future.failedFuture(cause);
    JsonObject after = new JsonObject().put("username", username).put("failures", claim.failures())
        .put("lockedSeconds", claim.lockSeconds()).put("ip", ip);
    return limiter.audit().write(Who.LIMITS, "sign_in_locked", "user:" + claim.userId(), after)
        .compose(v -> Future.failedFuture(Lockout.refusal(claim.lockSeconds())));
  }
}
