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

  /** A form (urlencoded or multipart) with more fields, or longer ones, than the server decodes. */
  public static boolean isFormTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      if (name.equals("TooManyFormFieldsException") || name.equals("TooLongFormFieldException")) return true;
    }
    return false;
  }

  /** The node is stopping: its pools are closed, or closing, under a request that got in just before. */
  public static boolean isShuttingDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if ("Pool closed".equals(t.getMessage())) return true;
    }
    return false;
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
