package org.griddispatch.common;

import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.net.ConnectException;

/** Classifies low-level failures so callers can answer with the right status. */
public final class Errors {
  private Errors() {}

  public static boolean isUniqueViolation(Throwable failure, String constraint) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }

  public static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof IOException) return true;
      if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("57P")) return true;
      String name = t.getClass().getSimpleName();
      if (name.equals("ClosedConnectionException") || name.equals("NoStackTraceTimeoutException")) return true;
    }
    return false;
  }
}
