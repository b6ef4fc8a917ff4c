package org.griddispatch.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries (zonky) run as a child process with their data under the data directory,
 * so tickets survive a restart. Creates the {@code dispatch} role and database on first start.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String NAME = "dispatch";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) { this.postgres = postgres; }

  /** Starts PostgreSQL on 127.0.0.1; port 0 lets the system choose. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path pgData = dataDir.toAbsolutePath().resolve("pg");
    Files.createDirectories(pgData.getParent());
    stopOrphan(pgData);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        // whoever started it stops it, after the node's verticles (Server.stop); the library's own hook
        // would stop it at the same moment, failing the requests a stopping node still drains
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "300")
        .setServerConfig("shared_buffers", "256MB")
        // a ticket acknowledged is on disk: the commit waits for its WAL flush (concurrent commits share one)
        .setServerConfig("synchronous_commit", "on")
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C");
    if (port > 0) builder.setPort(port);
    EmbeddedPostgres postgres = builder.start();
    EmbeddedDatabase db = new EmbeddedDatabase(postgres);
    db.ensureDispatchDatabase();
    log.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", postgres.getPort(), pgData);
    return db;
  }

  public int port() { return postgres.getPort(); }

  public String uri() {
    return "postgresql://" + NAME + ":" + NAME + "@127.0.0.1:" + port() + "/" + NAME;
  }

  private void ensureDispatchDatabase() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + NAME + "'")) {
        if (!rs.next()) s.execute("CREATE ROLE " + NAME + " LOGIN PASSWORD '" + NAME + "'");
      }
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
        if (!rs.next()) s.execute("CREATE DATABASE " + NAME + " OWNER " + NAME + " ENCODING 'UTF8'");
      }
    } catch (SQLException e) {
      throw new IOException("Cannot prepare the dispatch database", e);
    }
  }

  /**
   * A node killed with SIGKILL leaves its PostgreSQL child running and holding the data directory;
   * stop that orphan so this start can take over the same data.
   */
  private static void stopOrphan(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(cmd -> cmd.contains("postgres")).orElse(false))
        .ifPresent(p -> {
          log.warn("Stopping PostgreSQL process {} left over from an earlier run", pid);
          p.destroy();
          try {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            p.destroyForcibly();
          }
        });
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
