package org.griddispatch.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries (zonky) run as a child process with their data under the data directory,
 * so tickets survive a restart. It listens on 127.0.0.1 only, and nothing connects without a
 * password: the superuser's is generated into the data directory ({@link PostgresPasswords}), the
 * {@code dispatch} role (created with its database on first start) has the one configured. A
 * PostgreSQL that dies under the node is started again ({@link Keeper}).
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String NAME = "dispatch";

  private final Path pgData;
  private final String password;
  private final String superuserPassword;
  private volatile EmbeddedPostgres postgres;
  private volatile int port;
  private Keeper keeper;

  private EmbeddedDatabase(Path pgData, String password, String superuserPassword) {
    this.pgData = pgData;
    this.password = password;
    this.superuserPassword = superuserPassword;
  }

  /** Starts PostgreSQL on 127.0.0.1 with the {@code dispatch} role's password {@code dispatch}; port 0 lets the system choose. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, NAME);
  }

  public static EmbeddedDatabase start(Path dataDir, int port, String password) throws IOException {
    Path pgData = dataDir.toAbsolutePath().resolve("pg");
    Files.createDirectories(pgData.getParent());
    stopOrphan(pgData);
    EmbeddedDatabase db = new EmbeddedDatabase(pgData, password, PostgresPasswords.superuser(dataDir.toAbsolutePath()));
    db.run(port);
    db.keeper = Keeper.watch(db);
    log.info("Embedded PostgreSQL running on 127.0.0.1:{} with data in {}", db.port, pgData);
    return db;
  }

  /** Starts the server on {@code port} (0: any) and makes sure every connection needs a password. */
  synchronized void run(int port) throws IOException {
    boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        // whoever started it stops it, after the node's verticles (Server.stop); the library's own hook
        // would stop it at the same moment, failing the requests a stopping node still drains
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "''") // TCP on loopback only: no socket file for anyone to find
        .setServerConfig("max_connections", "300")
        .setServerConfig("shared_buffers", "256MB")
        // a ticket acknowledged is on disk: the commit waits for its WAL flush (concurrent commits share one)
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("password_encryption", "scram-sha-256")
        // statistics kept up with a young, fast-growing database: a connection plans its statements (and
        // the foreign-key checks of every insert) once, on the statistics of the moment, until the next
        // ANALYZE; planned when the tickets table held a handful of rows, each check read the whole table
        // until autovacuum's next round came (once a minute by default): 0.6 ms a check instead of 0.03
        .setServerConfig("autovacuum_naptime", "10s")
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C")
        // the library's own start-up check signs in as the superuser
        .setConnectConfig("password", superuserPassword);
    if (fresh) {
      // initdb's options (the library passes these as --name=value): no moment without passwords
      builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", PostgresPasswords.file(pgData.getParent()).toString());
    }
    if (port > 0) builder.setPort(port);
    postgres = builder.start();
    this.port = postgres.getPort();
    prepare();
  }

  public int port() { return port; }

  Path dataDirectory() { return pgData; }

  public String uri() {
    return "postgresql://" + NAME + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20")
        + "@127.0.0.1:" + port() + "/" + NAME;
  }

  /** The postmaster's process, read from its lock file; empty while none runs. */
  java.util.Optional<ProcessHandle> postmaster() {
    return postmasterPid(pgData).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  /**
   * Every start: passwords on every connection (a data directory from a version that trusted local
   * connections gets them now), then the {@code dispatch} role with the configured password and its database.
   */
  private void prepare() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      if (PostgresPasswords.secureAccess(pgData)) {
        s.execute("ALTER ROLE postgres PASSWORD " + literal(superuserPassword));
        s.execute("SELECT pg_reload_conf()");
        log.info("Embedded PostgreSQL now asks every connection for a password");
      }
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + NAME + "'")) {
        s.execute((rs.next() ? "ALTER ROLE " : "CREATE ROLE ") + NAME + " LOGIN PASSWORD " + literal(password));
      }
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
        if (!rs.next()) s.execute("CREATE DATABASE " + NAME + " OWNER " + NAME + " ENCODING 'UTF8'");
      }
    } catch (SQLException e) {
      throw new IOException("Cannot prepare the dispatch database", e);
    }
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static java.util.Optional<Long> postmasterPid(Path pgData) {
    try {
      String first = Files.readAllLines(pgData.resolve("postmaster.pid")).stream().findFirst().orElse("").trim();
      return java.util.Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * A node killed with SIGKILL leaves its PostgreSQL child running and holding the data directory;
   * stop that orphan so this start can take over the same data.
   */
  private static void stopOrphan(Path pgData) {
    postmasterPid(pgData).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(cmd -> cmd.contains("postgres")).orElse(false))
        .ifPresent(p -> {
          log.warn("Stopping PostgreSQL process {} left over from an earlier run", p.pid());
          p.destroy();
          try {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception e) {
            p.destroyForcibly();
          }
        });
  }

  /** Stops the server as it stands (a dead one only gives its data directory's lock back). */
  synchronized void stopServer() {
    try {
      if (postgres != null) postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }

  @Override
  public void close() {
    if (keeper != null) keeper.stop();
    stopServer();
  }
}
