package org.griddispatch.open311;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.UserStore;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.ReportFiler;
import org.griddispatch.ticket.TicketChanges;

import java.time.Clock;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GeoReport v2 over HTTP under {@code /open311/v2}: a route for each resource in each format
 * ({@code .json} or {@code .xml}), the optional jurisdiction_id, and every answer and refusal written
 * in the format asked for. What is answered comes from {@link Open311Mapper} and {@link ServiceRequests}.
 */
public final class Open311Api {
  private static final Set<String> FORMATS = Set.of("json", "xml");

  private final Vertx vertx;
  private final String jurisdiction;
  private final Open311Mapper mapper;
  private final ServiceRequests requests;

  public Open311Api(Vertx vertx, Pool pool, UserStore users, Supplier<Catalog> catalog, Clock clock, ReportFiler intake,
                    TicketChanges changes, JsonObject config) {
    JsonObject o = config.getJsonObject("open311", new JsonObject());
    this.vertx = vertx;
    this.jurisdiction = o.getString("jurisdictionId", "chengxiang");
    this.mapper = new Open311Mapper(catalog, new PublicFeed(catalog),
        o.getString("baseUrl", "http://localhost:" + config.getInteger("httpPort") + "/open311/v2/"));
    this.requests = new ServiceRequests(new Open311Queries(pool), mapper, new Callers(users, o.getBoolean("publicFeed", false)),
        catalog, intake, changes, clock);
  }

  public void mount(Router router) {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024).setMergeFormAttributes(true));
    r.getWithRegex(file("discovery")).handler(answer(ctx -> Future.succeededFuture(mapper.discovery())));
    r.getWithRegex(file("services")).handler(answer(ctx -> Future.succeededFuture(mapper.services())));
    r.getWithRegex(fileIn("services")).handler(answer(ctx -> Future.succeededFuture(mapper.definition(ctx.pathParam("id")))));
    r.getWithRegex(file("requests")).handler(answer(ctx -> requests.read(ctx.request().params(), null)));
    r.postWithRegex(file("requests")).handler(answer(ctx -> requests.file(ctx.request().params())));
    r.getWithRegex(fileIn("requests")).handler(answer(ctx -> requests.read(ctx.request().params(), ctx.pathParam("id"))));
    r.getWithRegex(fileIn("tokens")).handler(answer(ctx -> requests.token(ctx.pathParam("id"))));
    r.getWithRegex(file("servicerequestupdates")).handler(answer(ctx -> requests.updates(ctx.request().params())));
    r.postWithRegex(file("servicerequestupdates")).handler(answer(ctx -> requests.postUpdate(ctx.request().params())));
    // any other file name in the same places: another format, or no such resource
    r.get("/:file").handler(this::unknown);
    r.post("/:file").handler(this::unknown);
    r.get("/:dir/:file").handler(this::unknown);
    r.route().failureHandler(ctx -> refuse(ctx, "json", ctx.failure() != null && !malformedForm(ctx.failure()) ? ctx.failure()
        : new ApiError(ctx.statusCode() == 413 ? 413 : 400, "bad_request", "The request could not be read")));
    router.route("/open311/v2/*").subRouter(r);
  }

  /** {name}.json or {name}.xml; a trailing slash is let through, as on the path-parameter routes. */
  private static String file(String name) {
    return "/" + name + "\\.(?<format>json|xml)/?";
  }

  /** {dir}/{id}.json or .xml: the id is everything before the last dot, even nothing ("requests/.json"). */
  private static String fileIn(String dir) {
    return "/" + dir + "/(?<id>[^/]*)\\.(?<format>json|xml)/?";
  }

  private Handler<RoutingContext> answer(Function<RoutingContext, Future<Answer>> resource) {
    return ctx -> respond(ctx, ctx.pathParam("format"), resource);
  }

  /** The body handler could not decode the form (a broken %-escape): the client's error, not ours. */
  private static boolean malformedForm(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException || t.getClass().getName().contains("DecoderException")) return true;
    }
    return false;
  }

  /** No route took the file name: its format is what follows its last dot, and no resource has its name. */
  private void unknown(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    int dot = file.lastIndexOf('.');
    String format = dot < 0 ? "" : file.substring(dot + 1);
    if (FORMATS.contains(format)) {
      respond(ctx, format, c -> Future.failedFuture(new ApiError(404, "not_found", "No such Open311 resource")));
    } else {
      refuse(ctx, "json", new ApiError(404, "not_found", "Ask for .json or .xml"));
    }
  }

  /** Writes the resource's answer or refusal in the format; a jurisdiction_id other than ours is a 404 before anything else. */
  private void respond(RoutingContext ctx, String format, Function<RoutingContext, Future<Answer>> resource) {
    Future<Answer> answer;
    try {
      String asked = ctx.request().getParam("jurisdiction_id");
      if (asked != null && !asked.equals(jurisdiction)) throw new ApiError(404, "not_found", "jurisdiction_id not found: " + asked);
      answer = resource.apply(ctx);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onSuccess(a -> write(ctx, format, a)).onFailure(e -> refuse(ctx, format, e));
  }

  private static void refuse(RoutingContext ctx, String format, Throwable failure) {
    write(ctx, format, Answer.refusal(failure));
  }

  private static void write(RoutingContext ctx, String format, Answer answer) {
    ctx.response().setStatusCode(answer.status());
    if (format.equals("xml")) ctx.response().putHeader("Content-Type", "text/xml; charset=utf-8").end(answer.xml());
    else ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(answer.json());
  }
}
