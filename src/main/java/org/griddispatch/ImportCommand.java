package org.griddispatch;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Passwords;
import org.griddispatch.store.Database;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.subdistrict.SubdistrictCheck;
import org.griddispatch.subdistrict.SubdistrictFiles;
import org.griddispatch.subdistrict.SubdistrictImport;
import org.griddispatch.subdistrict.SubdistrictWriter;
import org.griddispatch.ticket.Vocabulary;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar grid-dispatch.jar import DIR}: loads a subdistrict's files into the configured
 * database ({@code DISPATCH_PG_URI}, or the embedded one in {@code DISPATCH_DATA_DIR}), then exits:
 * 0 when it is loaded (or was already), 1 when the files were refused (every problem printed,
 * nothing written), 2 when it could not run at all.
 */
final class ImportCommand {
  private ImportCommand() {}

  static int run(AppConfig config, Path dir, PrintStream out) throws Exception {
    if (!Files.isDirectory(dir)) {
      out.println(dir + " is not a directory of subdistrict files (" + String.join(", ", SubdistrictFiles.ALL) + ")");
      return 2;
    }
    // the files are checked before the database is even opened: refused files touch nothing
    SubdistrictCheck.Checked checked = SubdistrictCheck.check(SubdistrictFiles.directory(dir));
    if (!checked.ok()) {
      out.print(ImportReport.of(dir, new SubdistrictImport.Outcome(checked.problems(), null)));
      return 1;
    }
    EmbeddedDatabase embedded = config.pgUri() == null ? EmbeddedDatabase.start(config.dataDir(), 0, config.dbPassword()) : null;
    String uri = embedded != null ? embedded.uri() : config.pgUri();
    Vertx vertx = Vertx.vertx();
    try {
      Database.migrate(uri, Vocabulary.sql());
      Pool pool = Database.pool(vertx, uri, 2, "import");
      SubdistrictWriter writer = new SubdistrictWriter(vertx, new Passwords(config.json().getInteger("passwordIterations")), Clock.systemUTC());
      SubdistrictImport.Outcome outcome = SubdistrictImport.write(pool, writer, checked)
          .eventually(pool::close)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      out.print(ImportReport.of(dir, outcome));
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (embedded != null) embedded.close();
    }
  }
}
