package org.griddispatch.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.griddispatch.support.TestData;

/**
 * The embedded PostgreSQL listens on 127.0.0.1 only and lets nobody in without a password: not the
 * superuser (whose generated password stays in the data directory), not on a fresh data directory,
 * nor on one made by the version that trusted every local connection.
 */
class EmbeddedAccessTest {
  private static Connection connect(int port, String database, String user, String password) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", user);
    if (password != null) props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** What every data directory must show once the node's database runs on it. */
  private static void onlyWithPasswords(Path dataDir, EmbeddedDatabase db, String dispatchPassword) throws Exception {
    assertThatThrownBy(() -> connect(db.port(), "postgres", "postgres", null).close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> connect(db.port(), "postgres", "postgres", "postgres").close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> connect(db.port(), "dispatch", "dispatch", null).close()).isInstanceOf(SQLException.class);
    Path file = dataDir.resolve("postgres-password");
    assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    try (Connection su = connect(db.port(), "postgres", "postgres", Files.readString(file).strip())) {
      assertThat(one(su, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(one(su, "SHOW unix_socket_directories")).isEmpty();
    }
    try (Connection app = connect(db.port(), "dispatch", "dispatch", dispatchPassword)) {
      assertThat(one(app, "SELECT current_user")).isEqualTo("dispatch");
    }
  }

  @Test
  void aFreshDataDirectoryNeverTrustsAnyone() throws Exception {
    Path dir = TestData.directory("dispatch-access-");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
      onlyWithPasswords(dir, db, "dispatch");
      assertThat(db.uri()).isEqualTo("postgresql://dispatch:dispatch@127.0.0.1:" + db.port() + "/dispatch");
    }
    // and again on the same data, with the password an operator chose for the dispatch role
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, "an op's pw")) {
      onlyWithPasswords(dir, db, "an op's pw");
      assertThatThrownBy(() -> connect(db.port(), "dispatch", "dispatch", "dispatch").close()).isInstanceOf(SQLException.class);
      assertThat(db.uri()).contains("dispatch:an%20op%27s%20pw@");
    }
  }

  @Test
  void aDataDirectoryOfTheVersionThatTrustedEveryoneStartsAndIsLockedDown() throws Exception {
    Path dir = TestData.directory("dispatch-access-old-");
    // what the earlier version left: the library's own initdb (trust), the dispatch role and database, some data
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
        .setRegisterShutdownHook(false).setLocaleConfig("encoding", "UTF8").setLocaleConfig("locale", "C").start();
         Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE ROLE dispatch LOGIN PASSWORD 'dispatch'");
      s.execute("CREATE DATABASE dispatch OWNER dispatch ENCODING 'UTF8'");
      try (Connection d = old.getDatabase("dispatch", "dispatch").getConnection(); Statement ds = d.createStatement()) {
        ds.execute("CREATE TABLE kept (v text)");
        ds.execute("INSERT INTO kept VALUES ('from before')");
      }
    }
    assertThat(Files.exists(dir.resolve("postgres-password"))).isFalse();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
      onlyWithPasswords(dir, db, "dispatch");
      try (Connection app = connect(db.port(), "dispatch", "dispatch", "dispatch")) {
        assertThat(one(app, "SELECT v FROM kept")).isEqualTo("from before");
      }
    }
    assertThat(Set.of("pg", "postgres-password")).allMatch(f -> Files.exists(dir.resolve(f)));
  }
}
