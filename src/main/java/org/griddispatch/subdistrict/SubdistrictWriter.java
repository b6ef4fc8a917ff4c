package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Times;
import org.griddispatch.geo.GridSpec;
import org.griddispatch.geo.GridStore;
import org.griddispatch.catalog.CatalogStore;
import org.griddispatch.store.AuditLog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a checked subdistrict inside the caller's transaction: its catalogues ({@link CatalogueRows}),
 * its staff ({@link StaffAccounts}), its grid set with the workers the users file assigns (replacing
 * the database's, as {@code PUT /admin/grids} does), and one audit row of what changed, before and
 * after. Rows already as the files say are left alone, so loading the same files again changes nothing.
 */
public final class SubdistrictWriter {
  /** Seeding a database and importing into it wait for each other: nodes starting together and an import never interleave. */
  public static final long LOCK = 0x6772696464697370L; // "griddisp"

  /** An account the load created, with the secrets to hand over (shown once, never stored in the clear). */
  public record Account(String username, String name, String role, String password, boolean passwordGiven, String apiKey) {}

  /** What the load changed ({@code {departments, categories, services, users, grids}}, empty: nothing) and the accounts it created. */
  public record Written(JsonObject changed, List<Account> accounts) {
    public boolean isEmpty() { return changed.isEmpty(); }
  }

  private final Vertx vertx;
  private final Passwords passwords;
  private final Clock clock;

  public SubdistrictWriter(Vertx vertx, Passwords passwords, Clock clock) {
    this.vertx = vertx;
    this.passwords = passwords;
    this.clock = clock;
  }

  /** Writes the subdistrict on {@code conn} (the caller's transaction, holding {@link #LOCK}). */
  public Future<Written> write(SqlConnection conn, Subdistrict s, NewAccounts secrets) {
    LoadAudit audit = new LoadAudit();
    List<Account> accounts = new ArrayList<>();
    return CatalogueRows.write(conn, s, audit)
        .compose(v -> new StaffAccounts(vertx, passwords).write(conn, s.staff(), secrets, audit, accounts))
        .compose(ids -> grids(conn, s, ids, audit))
        .compose(v -> audit.isEmpty() ? Future.succeededFuture()
            : AuditLog.write(conn, Times.now(clock), "system", Role.SYSTEM.wire(), "subdistrict import", "subdistrict.import",
                "subdistrict:" + s.source(), audit.before, audit.after)
                // running nodes read the catalogue again within a second
                .compose(w -> CatalogStore.raiseVersion(conn)).mapEmpty())
        .map(v -> new Written(audit.changed, accounts));
  }

  /** The files' grid set, with the workers and backups the users file assigns, replaces the database's. */
  private static Future<Void> grids(SqlConnection conn, Subdistrict s, Map<String, String> ids, LoadAudit audit) {
    List<GridSpec> grids = s.grids().stream().map(g -> g.withWorkers(
        s.staff().stream().filter(u -> u.account().gridIds().contains(g.id())).map(u -> ids.get(u.username())).toList(),
        s.staff().stream().filter(u -> u.backupGridIds().contains(g.id())).map(u -> ids.get(u.username())).toList())).toList();
    return GridStore.lock(conn).compose(v -> GridStore.summary(conn)).compose(before -> GridReplacement.apply(conn, grids)
        .compose(replaced -> replaced.isEmpty() ? Future.succeededFuture()
            // the whole set before and after: a set is replaced whole
            : GridStore.summary(conn).<Void>map(after -> {
              audit.record("grids", replaced.toJson(), before.getJsonArray("grids"), after.getJsonArray("grids"));
              return null;
            })));
  }
}
