package org.griddispatch.geo;

import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Geometry;

import java.util.List;

/**
 * One grid as a new grid set describes it: its names, its boundary (the GeoJSON as stored, and the
 * checked shape), its workers and its backup workers (AB岗) by user id.
 */
public record GridSpec(String id, String name, String nameEn, String community, String communityId,
                       JsonObject boundary, Geometry shape, List<String> workerIds, List<String> backupWorkerIds) {

  /** The same grid with its workers named elsewhere (an import assigns them from its users file). */
  public GridSpec withWorkers(List<String> workers, List<String> backups) {
    return new GridSpec(id, name, nameEn, community, communityId, boundary, shape, List.copyOf(workers), List.copyOf(backups));
  }
}
