package org.griddispatch.subdistrict;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.auth.Passwords;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Db;
import org.griddispatch.support.Subdistricts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/** {@code import DIR} as an operator runs it: its own JVM, its exit code, what it prints. */
@ExtendWith(VertxExtension.class)
class SubdistrictImportCommandTest {
  record Run(int exit, String output) {}

  @Test
  void theCommandRefusesABadDirectoryThenImportsOnceAndPrintsThePasswordsOnce(Vertx vertx) throws Exception {
    EmbeddedDatabase database = EmbeddedDatabase.start(TestData.directory("dispatch-command-db-"), 0);
    try (Db db = new Db(vertx, database.uri())) {
      Path bad = Subdistricts.copyOfExample();
      JsonObject grids = Subdistricts.read(bad.resolve(SubdistrictFiles.GRIDS));
      Subdistricts.feature(grids, "js-02").getJsonObject("geometry").put("type", "LineString");
      Subdistricts.write(bad.resolve(SubdistrictFiles.GRIDS), grids);

      Run refused = importCommand(database.uri(), bad);
      assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
      assertThat(refused.output()).contains("was refused; nothing was written. 1 problem:",
          "grids.geojson:", "(js-02): geometry: geometry.type must be Polygon or MultiPolygon");
      assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
          .as("refused files are checked before the database is opened: not even the schema is written").isZero();

      Run imported = importCommand(database.uri(), Subdistricts.EXAMPLE);
      assertThat(imported.exit()).as(imported.output()).isZero();
      Matcher m = Pattern.compile("(?m)^  (xh-[a-z0-9-]+) +\\S+ +\\S+ +password: (\\S+)$").matcher(imported.output());
      List<String[]> printed = new ArrayList<>();
      while (m.find()) printed.add(new String[] {m.group(1), m.group(2)});
      assertThat(printed).hasSize(22);
      String[] first = printed.get(0);
      String hash = db.one("SELECT password_hash FROM users WHERE username = $1", first[0]).getString(0);
      assertThat(new Passwords(1000).verify(first[1], hash)).as("the printed password is the account's").isTrue();

      Map<String, String> before = db.fingerprint();
      Run again = importCommand(database.uri(), Subdistricts.EXAMPLE);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("Nothing changed").doesNotContain("password:");
      assertThat(db.fingerprint()).isEqualTo(before);

      assertThat(importCommand(database.uri(), Path.of("no/such/dir")).exit()).isEqualTo(2);
    } finally {
      database.close();
    }
  }

  private static Run importCommand(String pgUri, Path dir) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = Files.createTempFile("import-", ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, "org.griddispatch.Main", "import", dir.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("DISPATCH_PG_URI", pgUri);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("import did not finish; see " + log);
    }
    return new Run(p.exitValue(), Files.readString(log));
  }
}
