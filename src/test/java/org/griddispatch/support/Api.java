package org.griddispatch.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP client of the test node. Calls block the test thread until the answer is in, so a
 * test reads as the steps a client takes.
 */
public final class Api {
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private final WebClient client;
  private final int port;

  public Api(Vertx vertx, int port) {
    // every exchange is held to the OpenAPI document the node serves
    this.client = ApiContract.watch(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
    this.port = port;
  }

  public int port() { return port; }

  public record Response(int status, MultiMap headers, String body) {
    public JsonObject json() { return new JsonObject(body); }
    public JsonArray array() { return new JsonArray(body); }
    public String errorCode() { return json().getJsonObject("error").getString("code"); }
    public String header(String name) { return headers.get(name); }

    @Override
    public String toString() { return status + " " + body; }
  }

  public Response call(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
    return send(method, path, token, body, headers).await();
  }

  /** The same call without waiting, for requests that must be in flight together. */
  public Future<Response> send(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest<Buffer> req = client.request(method, path).timeout(15_000);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    // tests read the server's texts in English unless they ask for a language (the server's default is zh-CN)
    if (headers == null || headers.keySet().stream().noneMatch("Accept-Language"::equalsIgnoreCase)) req.putHeader("Accept-Language", "en");
    if (headers != null) headers.forEach(req::putHeader);
    var future = body == null ? req.send()
        : req.putHeader("Content-Type", "application/json").sendBuffer(body instanceof String s ? Buffer.buffer(s)
            : body instanceof Buffer b ? b : Buffer.buffer(((JsonObject) body).encode()));
    return future.map(res -> new Response(res.statusCode(), res.headers(),
        res.bodyAsString() == null ? "" : res.bodyAsString()));
  }

  /** Attaches a photo ({@code bytes} of {@code type}) to a ticket, as a terminal's multipart upload. */
  public Response upload(String ticketId, String token, byte[] bytes, String type) {
    var res = client.post("/api/v1/tickets/" + ticketId + "/attachments").putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().binaryFileUpload("file", "photo", Buffer.buffer(bytes), type))
        .await();
    return new Response(res.statusCode(), res.headers(), res.bodyAsString() == null ? "" : res.bodyAsString());
  }

  public Response get(String path, String token) { return call(HttpMethod.GET, path, token, null, null); }
  public Response post(String path, String token, Object body) { return call(HttpMethod.POST, path, token, body, null); }

  /** A staff member's token (cached: logging in is slow by design). */
  public String login(String username) {
    return TOKENS.computeIfAbsent(port + ":" + username, k -> {
      String u = username;
      String password = u.equals("admin") ? "admin-test-pw" : "demo1234";
      Response r = post("/api/v1/auth/login", null, new JsonObject().put("username", u).put("password", password));
      if (r.status() != 200) throw new AssertionError("login " + u + ": " + r);
      return r.json().getString("token");
    });
  }

  /** A staff member's token with their own password (an imported account's, say); cached like {@link #login(String)}. */
  public String login(String username, String password) {
    return TOKENS.computeIfAbsent(port + ":" + username, k -> {
      Response r = post("/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password));
      if (r.status() != 200) throw new AssertionError("login " + username + ": " + r);
      return r.json().getString("token");
    });
  }

  public Response put(String path, String token, Object body) { return call(HttpMethod.PUT, path, token, body, null); }

  /** A resident's token through the one-time code, as the app does it. */
  public String resident(String phone) {
    return TOKENS.computeIfAbsent(port + ":resident:" + phone, k -> {
      Response code = post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone));
      if (code.status() != 200) throw new AssertionError("code " + phone + ": " + code);
      Response r = post("/api/v1/auth/resident/login", null,
          new JsonObject().put("phone", phone).put("code", code.json().getString("devCode")));
      if (r.status() != 200) throw new AssertionError("resident login " + phone + ": " + r);
      return r.json().getString("token");
    });
  }

  /** The username of an account: to sign in as whoever a ticket was routed to. */
  public String usernameOf(String userId) {
    return get("/api/v1/admin/users", login("admin")).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(u -> u.getString("id").equals(userId)).findFirst()
        .orElseThrow(() -> new AssertionError("no account " + userId)).getString("username");
  }

  public String userId(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload))).getString("sub");
  }

  /**
   * A ticket body at a point, in the category given. The description gets a unique tag, so that
   * tests filing many similar reports at one place are not merged as duplicates; tests of
   * duplicate detection build their bodies with {@link #exactReport}.
   */
  public static JsonObject report(String category, double lat, double lon, String description) {
    return exactReport(category, lat, lon, description + " [" + java.util.UUID.randomUUID() + "]");
  }

  public static JsonObject exactReport(String category, double lat, double lon, String description) {
    return new JsonObject().put("category", category).put("description", description)
        .put("location", new JsonObject().put("lat", lat).put("lon", lon));
  }

  /** Files a report as the resident and answers the created ticket. */
  public JsonObject file(String residentPhone, JsonObject body) {
    Response r = post("/api/v1/tickets", resident(residentPhone), body);
    if (r.status() != 201) throw new AssertionError("create: " + r);
    return r.json();
  }

  public Response act(String ticketId, String action, String token, JsonObject body) {
    return post("/api/v1/tickets/" + ticketId + "/" + action, token, body == null ? new JsonObject() : body);
  }
}
