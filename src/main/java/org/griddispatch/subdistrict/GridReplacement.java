package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.UserStore;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.UserChanged;
import org.griddispatch.geo.GridSpec;
import org.griddispatch.geo.GridStore;

import java.util.List;

/**
 * Replacing the grid set, as the admin's endpoint and a subdistrict load both do: the grids and their
 * workers inside the caller's transaction, ending the sign-ins of workers whose grids changed (their
 * tokens carry their grids, as when an admin changes a user's grids); once committed, every node
 * rebuilds its index and re-checks those workers.
 */
final class GridReplacement {
  private GridReplacement() {}

  static Future<GridStore.Replaced> apply(SqlConnection conn, List<GridSpec> grids) {
    return GridStore.replace(conn, grids)
        .compose(replaced -> UserStore.revokeTokens(conn, replaced.movedWorkers()).map(replaced));
  }

  /** After the commit: every node (in a cluster, every member) rebuilds its grid index and re-checks the moved workers. */
  static void announce(Vertx vertx, GridStore.Replaced replaced) {
    if (replaced.isEmpty()) return;
    vertx.eventBus().publish(Addresses.GRIDS_CHANGED, null);
    replaced.movedWorkers().forEach(id -> vertx.eventBus().publish(Addresses.USERS_CHANGED, new UserChanged(id).toJson()));
  }
}
