package org.griddispatch.node;

import org.griddispatch.web.ClientOrigin;
import org.griddispatch.web.Http;
import org.griddispatch.web.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.AuthApi;
import org.griddispatch.auth.Authenticator;
import org.griddispatch.auth.CodeSender;
import org.griddispatch.auth.AccountsApi;
import org.griddispatch.auth.Revocations;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.UserChanged;
import org.griddispatch.auth.Passwords;
import org.griddispatch.auth.Tokens;
import org.griddispatch.auth.UserStore;
import org.griddispatch.admin.AuditApi;
import org.griddispatch.admin.CatalogAdminApi;
import org.griddispatch.catalog.CatalogApi;
import org.griddispatch.catalog.CurrentCatalog;
import org.griddispatch.duty.DutyBoard;
import org.griddispatch.duty.RosterApi;
import org.griddispatch.common.ApiError;
import org.griddispatch.geo.GridApi;
import org.griddispatch.geo.GridLocator;
import org.griddispatch.intake.Intake;
import org.griddispatch.intake.OpenReports;
import org.griddispatch.push.AnnouncementApi;
import org.griddispatch.push.SocketHub;
import org.griddispatch.stats.StatsApi;
import org.griddispatch.subdistrict.GridAdminApi;
import org.griddispatch.stats.StatsQueries;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.TicketApi;
import org.griddispatch.ticket.TicketQueries;
import org.griddispatch.ticket.TicketChanges;
import org.griddispatch.ticket.Attachments;
import org.griddispatch.sla.Clocks;
import org.griddispatch.sla.SupervisionApi;
import org.griddispatch.workflow.Actions;
import org.griddispatch.webhooks.WebhooksApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/** The HTTP server: REST under /api/v1, health and metrics; one instance per event loop. */
public final class HttpVerticle extends VerticleBase {
  private static final Logger access = LoggerFactory.getLogger("access");

  private final Clock clock;
  private final GridLocator grids;
  private final OpenReports openReports;
  private final CurrentCatalog catalog;
  private Intake intake;
  private Pool pool;
  private SocketHub hub;

  public HttpVerticle(Clock clock, GridLocator grids, OpenReports openReports, CurrentCatalog catalog) {
    this.clock = clock;
    this.grids = grids;
    this.openReports = openReports;
    this.catalog = catalog;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config(), config().getInteger("dbPoolSize", 8), "http");
    intake = new Intake(vertx, config(), clock, openReports, grids);
    try {
      return serve();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** Builds the router over the node's current catalogue, then listens. */
  private Future<?> serve() throws Exception {
    JsonObject config = config();
    Clocks clocks = Clocks.from(config, catalog);
    TicketChanges changes = new TicketChanges(vertx, pool, clock, clocks, new Actions(catalog, config, grids));
    intake.start(catalog, clocks, changes);
    Tokens tokens = new Tokens(vertx, pool, config);
    Revocations revocations = new Revocations(pool, config.getLong("revocationCheckMillis", 1000L), clock);
    UserStore users = new UserStore(pool);
    Passwords passwords = new Passwords(config.getInteger("passwordIterations"));
    AuthApi authApi = new AuthApi(vertx, pool, users, tokens, passwords, CodeSender.logging(), config, clock);

    Router api = Router.router(vertx);
    Authenticator authenticator = new Authenticator(tokens, users, revocations);
    // a photo's body is only read once its sender is known
    api.post("/tickets/:id/attachments").handler(authenticator);
    TicketApi.mountUploadBody(api, Path.of(config.getString("dataDir"), "uploads").toString(),
        config.getInteger("maxPhotoBytes", 5 * 1024 * 1024));
    GridAdminApi.mountBody(api, authenticator, config.getInteger("maxGridSetBytes", GridAdminApi.MAX_BYTES));
    api.route().handler(BodyHandler.create(false).setBodyLimit(config.getInteger("maxBodyBytes")));
    authApi.mountOpen(api);
    new ApiDocs().mountDocuments(api);
    api.route().handler(ctx -> {
      if (ctx.get(Actor.CONTEXT_KEY) != null) ctx.next(); // already known (photo uploads)
      else authenticator.handle(ctx);
    });
    authApi.mountAdmin(api);
    new AccountsApi(vertx, pool, users, passwords, clock).mount(api);
    TicketQueries queries = new TicketQueries(pool);
    new TicketApi(vertx, queries, new Attachments(pool, changes, intake), changes, intake).mount(api);
    new GridApi(grids, pool).mount(api);
    new CatalogApi(catalog).mount(api);
    new CatalogAdminApi(vertx, pool, catalog, clock).mount(api);
    new org.griddispatch.admin.ReplyTemplatesApi(pool, catalog, clock).mount(api);
    new AuditApi(pool, catalog.zone()).mount(api);
    new RosterApi(pool, clock).mount(api);
    new DutyBoard(pool, clock, catalog.zone()).mount(api);
    new GridAdminApi(vertx, pool, clock).mount(api);
    new StatsApi(new StatsQueries(pool, ZoneId.of(config.getString("timezone"))), clock, ZoneId.of(config.getString("timezone"))).mount(api);
    new AnnouncementApi(vertx, pool, clock).mount(api);
    new SupervisionApi(pool, clock).mount(api);
    WebhooksApi webhooks = new WebhooksApi(pool, clock);
    webhooks.mount(api);
    new org.griddispatch.notify.NotificationApi(pool).mount(api);
    new org.griddispatch.notify.PushSubscriptionsApi(pool, clock, config).mount(api);
    hub = new SocketHub(vertx, pool, tokens, revocations, queries, config).seenThrough(changes);
    // an account or the keys changed on some node: this one stops believing what it knew
    vertx.eventBus().<JsonObject>consumer(Addresses.USERS_CHANGED, m -> {
      String userId = UserChanged.fromJson(m.body()).userId();
      revocations.forget(userId);
      hub.recheck(userId);
    });
    vertx.eventBus().consumer(Addresses.KEYS_CHANGED, m -> tokens.reload());
    api.route().failureHandler(HttpVerticle::failure);
    mountedApiRoutes = routes(api);

    Router router = Router.router(vertx);
    router.route().handler(new ClientOrigin(config));
    router.route().handler(new SecurityHeaders(config));
    router.route().handler(HttpVerticle::logRequest);
    router.route().handler(org.griddispatch.web.ShutdownState::admit);
    router.route().handler(HttpVerticle::checkQuery);
    new HealthApi(vertx, pool).mount(router);
    router.get("/ws").handler(hub::handshake);
    new MetricsApi(authenticator, config.getString("metricsToken"), config.getString("metricsRegistry")).mount(router);
    router.route("/api/v1/*").subRouter(api);
    new org.griddispatch.open311.Open311Api(vertx, pool, users, catalog, clock, intake, changes, config).mount(router);
    webhooks.mountLinks(router);
    mountPages(router, config);
    router.route().failureHandler(HttpVerticle::failure);
    router.errorHandler(404, ctx -> Http.fail(ctx, ApiError.notFound("Route")));
    router.errorHandler(405, ctx -> Http.fail(ctx, new ApiError(405, "method_not_allowed", "Method not allowed on this route")));

    HttpServerOptions options = new HttpServerOptions().setPort(config.getInteger("httpPort")).setCompressionSupported(true)
        .setWebSocketSubProtocols(List.of("bearer")).setMaxWebSocketFrameSize(256 * 1024).setMaxWebSocketMessageSize(64 * 1024); // Session closes over-long messages with 1009
    JsonObject push = config.getJsonObject("push", new JsonObject());
    if (push.containsKey("sendBufferBytes")) options.setSendBufferSize(push.getInteger("sendBufferBytes"));
    HttpServer server = vertx.createHttpServer(options).invalidRequestHandler(org.griddispatch.web.InvalidRequests::answer);
    return tokens.start().compose(v -> hub.start()).compose(v -> server.requestHandler(router).listen());
  }

  /**
   * Every {@code /api/v1} route as {@code "METHOD /path"} (path parameters as {@code :name}), as the
   * last HTTP verticle to start mounted them: the test that holds the router to the OpenAPI
   * document reads it.
   */
  public static volatile List<String> mountedApiRoutes = List.of();

  private static List<String> routes(Router api) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (io.vertx.ext.web.Route route : api.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) continue; // handlers of every route
      for (io.vertx.core.http.HttpMethod m : route.methods()) out.add(m.name() + " " + route.getPath());
    }
    return List.copyOf(out);
  }

  /** The five web pages, their assets, Leaflet from its webjar, and the pages' public settings. */
  private static void mountPages(Router router, JsonObject config) {
    JsonObject pages = new JsonObject()
        .put("tileUrl", config.getJsonObject("map", new JsonObject()).getString("tileUrl"))
        .put("tileAttribution", config.getJsonObject("map", new JsonObject()).getString("tileAttribution"))
        .put("demo", config.getBoolean("demo", false));
    router.get("/config.json").handler(ctx -> Http.json(ctx, 200, pages));
    for (String page : new String[] {"worker", "dept", "center", "admin"}) {
      router.get("/" + page).handler(ctx -> ctx.reroute("/" + page + ".html"));
    }
    ApiDocs.mountPage(router);
    router.get("/favicon.ico").handler(ctx -> ctx.reroute("/favicon.svg"));
    // the worker terminal's Web App Manifest, as the type browsers install from (the static files know no such type)
    router.get("/worker.webmanifest").handler(ctx -> ctx.response().putHeader("Content-Type", "application/manifest+json")
        .putHeader("Cache-Control", "no-cache").sendFile("webroot/worker.webmanifest"));
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.get().handler(StaticHandler.create("webroot").setIndexPage("index.html"));
  }

  /** Failures that escaped a handler, and the router's own refusals (e.g. 413 from the body limit). */
  private static void failure(RoutingContext ctx) {
    if (ctx.failure() != null) {
      Http.fail(ctx, ctx.failure());
      return;
    }
    int status = ctx.statusCode();
    ApiError error = switch (status) {
      case 413 -> new ApiError(413, "payload_too_large", "The request body is too large");
      case 400 -> ApiError.badRequest("bad_request", "The request could not be read");
      case 401 -> ApiError.unauthorized("Sign in first");
      case 403 -> ApiError.forbidden("Not allowed");
      case 404 -> ApiError.notFound("Route");
      default -> ApiError.from(new RuntimeException("status " + status));
    };
    Http.fail(ctx, error);
  }

  /** A query string that does not decode (e.g. a stray '%') is the client's error, not ours. */
  private static void checkQuery(RoutingContext ctx) {
    try {
      ctx.request().params();
    } catch (IllegalArgumentException e) {
      Http.fail(ctx, ApiError.badRequest("malformed_query", "The query string is not correctly encoded"));
      return;
    }
    ctx.next();
  }

  /** One line per request for the operator: method, path (never the query, which may hold a token), status, time, user. */
  private static void logRequest(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      Actor actor = ctx.get(Actor.CONTEXT_KEY);
      access.info("{} {} {} {}ms user={} from={}", ctx.request().method(), ctx.request().path(),
          ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000,
          actor == null ? "-" : actor.id(), ClientOrigin.ip(ctx));
    });
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    return hub.stop().eventually(intake::close).eventually(pool::close);
  }
}
