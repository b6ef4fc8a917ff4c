package org.griddispatch.limits;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;

/**
 * Counts uses against limits and refuses what goes beyond: 429 with {@code Retry-After}, and an
 * audit row for the first refusal of each window. Counting does nothing while the limits are off.
 */
public final class Limiter {
  private final LimitSettings settings;
  private final NodeWindows nodeWindows;
  private final SharedWindows sharedWindows;
  private final LimitAudit audit;

  Limiter(LimitSettings settings, NodeWindows nodeWindows, SharedWindows sharedWindows, LimitAudit audit) {
    this.settings = settings;
    this.nodeWindows = nodeWindows;
    this.sharedWindows = sharedWindows;
    this.audit = audit;
  }

  /** A limiter over the node's in-memory windows and the database behind {@code pool}. */
  public static Limiter of(Vertx vertx, Pool pool, JsonObject config) {
    return new Limiter(LimitSettings.from(config), NodeWindows.of(vertx), new SharedWindows(pool), new LimitAudit(pool));
  }

  public LimitSettings settings() { return settings; }
  public boolean enabled() { return settings.enabled(); }
  public LimitAudit audit() { return audit; }

  /** One use by a client address, counted in this node's memory. */
  public Future<Void> countByAddress(Limit limit, String ip) {
    if (!enabled()) return Future.succeededFuture();
    return refuseIfOver(nodeWindows.hit(new Counter(limit, addressKey(ip))), Who.LIMITS, ip);
  }

  /** One use against each counter, counted in the database so that every node agrees. */
  public Future<Void> countShared(List<Counter> counters, Who who, String ip) {
    if (!enabled() || counters.isEmpty()) return Future.succeededFuture();
    return sharedWindows.hit(counters).compose(hits -> {
      List<Hit> over = hits.stream().filter(Hit::over).toList();
      if (over.isEmpty()) return Future.succeededFuture();
      // every limit this use tripped is audited; the answer waits for the one that frees up last
      Hit longest = over.stream().max(Comparator.comparingInt(Hit::retryAfterSeconds)).orElseThrow();
      return Future.all(over.stream().map(hit -> auditIfTripped(hit, who, ip)).toList())
          .compose(v -> Future.failedFuture(longest.refusal()));
    });
  }

  /** Succeeds within the limit; beyond it fails with the limit's 429, audited when this use tripped it. */
  public Future<Void> refuseIfOver(Hit hit, Who who, String ip) {
    if (!hit.over()) return Future.succeededFuture();
    return auditIfTripped(hit, who, ip).compose(v -> Future.failedFuture(hit.refusal()));
  }

  private Future<Void> auditIfTripped(Hit hit, Who who, String ip) {
    if (!hit.tripped()) return Future.succeededFuture();
    return audit.write(who, "limit_tripped", "limit:" + hit.limit().name() + ":" + hit.key(),
        hit.limit().describe().put("key", hit.key()).put("retryAfter", hit.retryAfterSeconds()).put("ip", ip));
  }

  /**
   * The key an address is counted under: an IPv4 address whole, an IPv6 address by its /64 (one
   * subscriber's usual allocation, which a client can roam freely).
   */
  static String addressKey(String ip) {
    if (ip == null || ip.indexOf(':') < 0) return ip;
    try {
      byte[] bytes = InetAddress.getByName("[" + ip + "]").getAddress(); // brackets: a literal, never a lookup
      if (bytes.length != 16) return ip;
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return ip;
    }
  }
}
