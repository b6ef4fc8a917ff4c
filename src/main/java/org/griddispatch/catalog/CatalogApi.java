package org.griddispatch.catalog;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.griddispatch.web.Http;

import java.util.function.Supplier;

/** GET /categories, /departments, /services for any signed-in user. */
public final class CatalogApi {
  private final Supplier<Catalog> catalog;

  public CatalogApi(Supplier<Catalog> catalog) { this.catalog = catalog; }

  public void mount(Router api) {
    api.get("/categories").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("items", catalog.get().categories())));
    api.get("/departments").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("items", catalog.get().departments())));
    api.get("/services").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("items", catalog.get().services())));
  }
}
