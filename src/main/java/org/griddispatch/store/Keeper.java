package org.griddispatch.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.Optional;

/**
 * Watches the embedded postmaster and, when it dies under a running node (killed, crashed), starts
 * it again on the same port and data, backing off from 1 s to 30 s between tries. Meanwhile the
 * node's readiness says the database is DOWN and requests answer 503; the pools reconnect by themselves.
 */
final class Keeper {
  private static final Logger log = LoggerFactory.getLogger(Keeper.class);
  private static final long FIRST_DELAY_MILLIS = 1_000;
  private static final long MAX_DELAY_MILLIS = 30_000;

  private final EmbeddedDatabase db;
  private final Thread thread;
  private volatile boolean stopped;

  private Keeper(EmbeddedDatabase db) {
    this.db = db;
    this.thread = new Thread(this::watch, "embedded-postgres-keeper");
    thread.setDaemon(true);
  }

  static Keeper watch(EmbeddedDatabase db) {
    Keeper keeper = new Keeper(db);
    keeper.thread.start();
    return keeper;
  }

  private void watch() {
    while (!stopped) {
      Optional<ProcessHandle> postmaster = db.postmaster();
      try {
        if (postmaster.isPresent()) postmaster.get().onExit().get();
      } catch (InterruptedException e) {
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        // cannot happen for a process's exit; look again
      }
      if (stopped) return;
      log.error("Embedded PostgreSQL{} has stopped under the node; starting it again",
          postmaster.map(p -> " (pid " + p.pid() + ")").orElse(""));
      if (!restart()) return;
    }
  }

  /** Tries until it runs again or the node stops; false when stopped. */
  private boolean restart() {
    long delay = FIRST_DELAY_MILLIS;
    while (!stopped) {
      try {
        Thread.sleep(delay);
        db.stopServer();
        db.run(db.port());
        log.info("Embedded PostgreSQL is running again on 127.0.0.1:{}", db.port());
        return true;
      } catch (InterruptedException e) {
        return false;
      } catch (Exception e) {
        // its old processes may still hold the shared memory; a failed try also keeps the library's
        // lock file locked in this JVM, so the next one locks a new file
        delay = Math.min(delay * 2, MAX_DELAY_MILLIS);
        log.warn("Embedded PostgreSQL did not start again ({}); next try in {} ms", e.getMessage(), delay);
        try {
          Files.deleteIfExists(db.dataDirectory().resolve("epg-lock"));
        } catch (java.io.IOException ignored) {
          // the next try reports it
        }
      }
    }
    return false;
  }

  void stop() {
    stopped = true;
    thread.interrupt();
  }
}
