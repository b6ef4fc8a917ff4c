package org.griddispatch.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded PostgreSQL's access rules: the superuser's password, generated once and kept in the
 * data directory readable by its owner only, and a {@code pg_hba.conf} under which every connection,
 * on any address or socket, must give a password.
 */
final class PostgresPasswords {
  static final String FILE = "postgres-password";
  private static final String MARKER = "# Grid Dispatch: every connection gives a password";
  private static final String HBA = MARKER + "\n"
      + "host  all  all  127.0.0.1/32  scram-sha-256\n"
      + "host  all  all  ::1/128       scram-sha-256\n"
      + "local all  all                scram-sha-256\n";

  private PostgresPasswords() {}

  static Path file(Path dataDir) { return dataDir.resolve(FILE); }

  /** The superuser's password, made on first use. */
  static String superuser(Path dataDir) throws IOException {
    Path file = file(dataDir);
    if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip();
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path tmp = Files.createTempFile(dataDir, FILE, ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return password;
  }

  /**
   * Writes the password-only {@code pg_hba.conf} unless it is there already (a data directory made
   * by a version that trusted local connections has the library's default); true when it changed,
   * so that the server reloads it.
   */
  static boolean secureAccess(Path pgData) throws IOException {
    Path hba = pgData.resolve("pg_hba.conf");
    if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(MARKER)) return false;
    Files.writeString(hba, HBA, StandardCharsets.UTF_8);
    return true;
  }
}
