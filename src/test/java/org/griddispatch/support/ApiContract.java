package org.griddispatch.support;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds every {@code /api/v1} exchange a test makes to the OpenAPI document the node serves
 * ({@code src/main/resources/openapi/openapi.json}): the method and path must be described; an
 * accepted request (answered below 400) must match the operation's request body and declare its
 * query parameters; every answer's status must be documented and its JSON body must match that
 * answer's schema. A request the server refused (4xx, 5xx) is not held to the request schema: tests
 * send malformed input on purpose, and the refusal itself is what is checked. A path the document
 * does not know may only be answered 404 or 405 in the error format.
 *
 * <p>A mismatch fails the request's future with an {@link AssertionError}, so the test that made
 * the request fails. Counts are written at JVM exit to {@code target/openapi-contract.txt} and the
 * standard error.
 */
public final class ApiContract {
  private static final String PREFIX = "/api/v1";
  private static final String SENT = "openapi.contract.sent";
  private static final String BASE = "https://griddispatch.example/openapi.json";
  public static final JsonObject DOCUMENT = load("openapi/openapi.json");
  public static final JsonObject ASYNC = load("openapi/asyncapi.json");
  private static final String ASYNC_BASE = "https://griddispatch.example/asyncapi.json";
  private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  public static final AtomicLong requests = new AtomicLong();
  public static final AtomicLong requestBodies = new AtomicLong();
  public static final AtomicLong exempt = new AtomicLong();
  public static final AtomicLong answers = new AtomicLong();
  public static final AtomicLong answerBodies = new AtomicLong();
  public static final AtomicLong frames = new AtomicLong();
  public static final List<String> failures = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ApiContract::summary, "openapi-contract-summary"));
  }

  private ApiContract() {}

  /** Makes every exchange of this client checked against the document. */
  public static WebClient watch(WebClient client) {
    ((WebClientInternal) client).addInterceptor((Handler<HttpContext<?>>) ApiContract::intercept);
    return client;
  }

  private static void intercept(HttpContext<?> ctx) {
    if (ctx.phase() == ClientPhase.PREPARE_REQUEST || ctx.phase() == ClientPhase.SEND_REQUEST) {
      if (ctx.body() != null) ctx.set(SENT, ctx.body()); // the context lets go of it once sent
    }
    if (ctx.phase() != ClientPhase.DISPATCH_RESPONSE) {
      ctx.next();
      return;
    }
    String uri = ctx.request().uri();
    if (!uri.startsWith(PREFIX + "/")) {
      ctx.next();
      return;
    }
    HttpResponse<?> res = ctx.response();
    Object body0 = ctx.body() != null ? ctx.body() : ctx.get(SENT);
    Object sent = body0 instanceof JsonObject o ? o.toBuffer() : body0 instanceof io.vertx.core.json.JsonArray a ? a.toBuffer() : body0;
    String body = res.body() instanceof Buffer b ? b.toString(StandardCharsets.UTF_8) : res.bodyAsString();
    List<String> problems = check(ctx.request().method().name(), uri, sent, res.statusCode(), res.getHeader("Content-Type"), body);
    if (problems.isEmpty()) {
      ctx.next();
    } else {
      String message = "The exchange does not match the OpenAPI document (src/main/resources/openapi/openapi.json): "
          + ctx.request().method() + " " + uri + " -> " + res.statusCode() + "\n  " + String.join("\n  ", problems)
          + "\n  answer: " + abbreviate(body);
      failures.add(message);
      ctx.fail(new AssertionError(message));
    }
  }

  /**
   * The problems of one frame the server sent on {@code /ws}: its {@code op} must be a server
   * message of the AsyncAPI document and match that message's payload; an event's ticket must match
   * the OpenAPI document's {@code Ticket}.
   */
  public static List<String> checkFrame(String text) {
    frames.incrementAndGet();
    List<String> problems = new ArrayList<>();
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      problems.add("not JSON");
      failures.add(text + ": " + problems);
      return problems;
    }
    String op = value instanceof JsonObject o ? o.getString("op") : null;
    JsonObject messages = ASYNC.getJsonObject("components").getJsonObject("messages");
    boolean sentByServer = ASYNC.getJsonObject("operations").getJsonObject("serverSends").getJsonArray("messages").stream()
        .anyMatch(m -> ((JsonObject) m).getString("$ref").endsWith("/" + op));
    if (op == null || !messages.containsKey(op) || !sentByServer) {
      problems.add("op '" + op + "' is not a server message of the document");
      failures.add(text + ": " + problems);
      return problems;
    }
    String pointer = "#/components/messages/" + op + "/payload";
    OutputUnit result = VALIDATORS.computeIfAbsent("async:" + pointer, p -> Validator.create(JsonSchema.of(ASYNC.copy().put("$ref", pointer)),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setOutputFormat(io.vertx.json.schema.OutputFormat.Basic).setBaseUri(ASYNC_BASE)))
        .validate(value);
    if (!result.getValid()) problems.add("the frame does not match " + pointer + ": " + result.getErrors());
    JsonObject ticket = ((JsonObject) value).getJsonObject("ticket");
    if ("event".equals(op) && ticket != null) validate("#/components/schemas/Ticket", ticket.encode(), problems, "event's ticket");
    if (!problems.isEmpty()) failures.add(text + ": " + problems);
    return problems;
  }

  /** The problems of one exchange; empty when it matches the document. */
  public static List<String> check(String method, String uri, Object sentBody, int status, String contentType, String body) {
    List<String> problems = new ArrayList<>();
    int q = uri.indexOf('?');
    String path = (q < 0 ? uri : uri.substring(0, q)).substring(PREFIX.length());
    String rawQuery = q < 0 ? null : uri.substring(q + 1);
    String verb = method.toLowerCase();
    requests.incrementAndGet();
    String template = template(path);
    JsonObject operation = template == null ? null : DOCUMENT.getJsonObject("paths").getJsonObject(template).getJsonObject(verb);
    if (operation == null) {
      // the document says nothing is there; the server must say the same, in the error format
      answers.incrementAndGet();
      if (status != 404 && status != 405) {
        problems.add((template == null ? "no path of the document matches " + path : "the document has no " + method + " for " + template)
            + " (add it under \"paths\")");
      } else {
        answerBodies.incrementAndGet();
        validate("#/components/schemas/Error", body, problems, "answer");
      }
      return problems;
    }
    String at = "#/paths/" + escape(template) + "/" + verb;
    if (status >= 400) {
      exempt.incrementAndGet();
    } else {
      checkRequest(operation, at, rawQuery, sentBody, problems);
    }
    checkAnswer(operation, at, status, contentType, body, problems);
    return problems;
  }

  private static void checkRequest(JsonObject operation, String at, String rawQuery, Object sent, List<String> problems) {
    List<JsonObject> parameters = parameters(operation, at);
    Set<String> declared = new java.util.HashSet<>();
    for (JsonObject p : parameters) if ("query".equals(p.getString("in"))) declared.add(p.getString("name"));
    Set<String> given = new java.util.HashSet<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        String name = decode(pair.split("=", 2)[0]);
        given.add(name);
        if (!declared.contains(name)) problems.add("query parameter '" + name + "' is not documented");
      }
    }
    for (JsonObject p : parameters) {
      if ("query".equals(p.getString("in")) && p.getBoolean("required", false) && !given.contains(p.getString("name"))) {
        problems.add("required query parameter '" + p.getString("name") + "' was not sent but the request was accepted");
      }
    }
    JsonObject requestBody = operation.getJsonObject("requestBody");
    boolean hasBody = sent != null && !(sent instanceof Buffer b && b.length() == 0);
    if (requestBody == null) {
      if (hasBody && !(sent instanceof Buffer b && isEmptyObject(b))) problems.add("a body was sent and accepted, but the operation documents none");
      return;
    }
    JsonObject content = requestBody.getJsonObject("content");
    if (!hasBody) {
      if (requestBody.getBoolean("required", false)) problems.add("the request body is required by the document but none was sent, and the request was accepted");
      return;
    }
    if (sent instanceof Buffer b) {
      if (!content.containsKey("application/json")) {
        problems.add("a JSON body was accepted, but the operation documents only " + content.fieldNames());
        return;
      }
      requestBodies.incrementAndGet();
      validate(at + "/requestBody/content/application~1json/schema", b.toString(StandardCharsets.UTF_8), problems, "request body");
    } else if (!content.containsKey("multipart/form-data")) {
      problems.add("a form was accepted, but the operation documents only " + content.fieldNames());
    }
  }

  private static boolean isEmptyObject(Buffer b) {
    try {
      return new JsonObject(b).isEmpty();
    } catch (DecodeException e) {
      return false;
    }
  }

  private static void checkAnswer(JsonObject operation, String at, int status, String contentType, String body, List<String> problems) {
    answers.incrementAndGet();
    JsonObject responses = operation.getJsonObject("responses");
    String code = String.valueOf(status);
    if (!responses.containsKey(code)) {
      problems.add("status " + status + " is not documented for this operation (documented: " + responses.fieldNames() + ")");
      return;
    }
    String where = at + "/responses/" + code;
    JsonObject response = responses.getJsonObject(code);
    if (response.containsKey("$ref")) {
      where = response.getString("$ref");
      response = (JsonObject) pointer(where);
    }
    JsonObject content = response.getJsonObject("content");
    boolean json = contentType != null && contentType.toLowerCase().startsWith("application/json");
    if (content == null) {
      if (body != null && !body.isEmpty()) problems.add("the answer has a body, but the document describes none for " + status);
      return;
    }
    if (json) {
      if (!content.containsKey("application/json")) {
        problems.add("the answer is JSON, but the document describes " + content.fieldNames() + " for " + status);
        return;
      }
      answerBodies.incrementAndGet();
      validate(where + "/content/application~1json/schema", body, problems, "answer");
    } else {
      String type = contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase();
      boolean described = content.fieldNames().stream().anyMatch(t -> t.equals(type)
          || (t.endsWith("/*") && type.startsWith(t.substring(0, t.length() - 1))));
      if (!described) problems.add("the answer's type " + contentType + " is not described for " + status + " (described: " + content.fieldNames() + ")");
    }
  }

  private static List<JsonObject> parameters(JsonObject operation, String at) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : operation.getJsonArray("parameters", new io.vertx.core.json.JsonArray())) {
      JsonObject p = (JsonObject) o;
      out.add(p.containsKey("$ref") ? (JsonObject) pointer(p.getString("$ref")) : p);
    }
    return out;
  }

  private static void validate(String pointer, String json, List<String> problems, String what) {
    Object value;
    try {
      value = json == null || json.isEmpty() ? null : Json.decodeValue(json);
    } catch (DecodeException e) {
      problems.add("the " + what + " is not JSON: " + abbreviate(json));
      return;
    }
    // a yes/no first (fast); the errors only for what fails
    if (VALIDATORS.computeIfAbsent(pointer, p -> validator(root(p), io.vertx.json.schema.OutputFormat.Flag)).validate(value).getValid()) return;
    OutputUnit result = validator(root(pointer), io.vertx.json.schema.OutputFormat.Basic).validate(value);
    if (!result.getValid()) {
      List<String> errors = new ArrayList<>();
      if (result.getErrors() != null) for (OutputUnit e : result.getErrors()) errors.add(e.getInstanceLocation() + ": " + e.getError());
      problems.add("the " + what + " does not match " + pointer + ": " + (errors.isEmpty() ? result.getError() : errors));
    }
  }

  private static Validator validator(JsonObject root, io.vertx.json.schema.OutputFormat format) {
    return Validator.create(JsonSchema.of(root), new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setOutputFormat(format).setBaseUri(BASE));
  }

  /**
   * The schema at a pointer of the document as a root of its own that carries the document's
   * components, so that its {@code $ref}s ("#/components/schemas/…") resolve, without the paths
   * (which make validation several times slower).
   */
  private static JsonObject root(String pointer) {
    JsonObject schema = ((JsonObject) pointer(pointer)).copy();
    // copied: the validator writes its own keys into the schema it is given
    return schema.put("components", new JsonObject().put("schemas", DOCUMENT.getJsonObject("components").getJsonObject("schemas").copy()));
  }

  /**
   * The document's path template for a concrete path: segments match literally or a {param};
   * a literal match wins over a parameter (so /tickets/nearby is not /tickets/{id}).
   */
  public static String template(String path) {
    String[] segments = path.split("/", -1);
    String best = null;
    int bestScore = -1;
    for (String candidate : DOCUMENT.getJsonObject("paths").fieldNames()) {
      String[] parts = candidate.split("/", -1);
      if (parts.length != segments.length) continue;
      int score = 0;
      boolean match = true;
      for (int i = 0; i < parts.length && match; i++) {
        String seg = decode(segments[i].replace("+", "%2B"));
        if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
          match = !seg.isEmpty();
        } else if (parts[i].equals(seg)) {
          score++;
        } else {
          match = false;
        }
      }
      if (match && score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  /** The operations of the document as "METHOD /path" (paths as the document writes them). */
  public static List<String> operations() {
    List<String> out = new ArrayList<>();
    JsonObject paths = DOCUMENT.getJsonObject("paths");
    for (String p : paths.fieldNames()) {
      for (String m : paths.getJsonObject(p).fieldNames()) if (METHODS.contains(m)) out.add(m.toUpperCase() + " " + p);
    }
    return out;
  }

  static Object pointer(String ref) {
    Object at = DOCUMENT;
    for (String raw : ref.substring(2).split("/")) {
      String key = raw.replace("~1", "/").replace("~0", "~");
      at = ((JsonObject) at).getValue(key);
    }
    return at;
  }

  /** Percent-decoding that leaves a malformed escape as it is (tests send those on purpose). */
  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviate(String s) {
    if (s == null) return "";
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  private static JsonObject load(String name) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(name)) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of counts, for the test run's record. */
  public static String counts() {
    return "OpenAPI contract: " + requests.get() + " requests checked (" + requestBodies.get() + " JSON bodies validated, "
        + exempt.get() + " refused 4xx/5xx and so exempt from the request schema), " + answers.get() + " answers checked ("
        + answerBodies.get() + " JSON bodies validated), " + frames.get() + " WebSocket frames checked against the AsyncAPI document, "
        + failures.size() + " mismatches";
  }

  private static void summary() {
    if (requests.get() == 0) return;
    String line = java.time.Instant.now() + " " + System.getProperty("openapi.contract.run", "") + counts();
    System.err.println(line);
    try {
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target/openapi-contract.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the line is on the standard error anyway
    }
  }
}
