package org.griddispatch.limits;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Writes a tripped limit or a lockout to the audit log, for the admin who wonders why someone got 429. */
public final class LimitAudit {
  private static final Logger log = LoggerFactory.getLogger(LimitAudit.class);

  private final Pool pool;

  LimitAudit(Pool pool) { this.pool = pool; }

  /** Never fails: a refusal is answered even when its audit row could not be written (that is logged). */
  public Future<Void> write(Who who, String action, String target, JsonObject after) {
    return AuditLog.write(pool, OffsetDateTime.now(ZoneOffset.UTC), who.id(), who.role(), who.name(), action, target, null, after)
        .recover(e -> {
          log.warn("Could not audit {} of {}", action, target, e);
          return Future.succeededFuture();
        });
  }
}
