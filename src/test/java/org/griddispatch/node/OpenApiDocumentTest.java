package org.griddispatch.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.griddispatch.support.Api;
import org.griddispatch.support.ApiContract;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the node serves: valid OpenAPI 3.1, describing every route the router has
 * (and none it has not), every workflow action; and the contract check of the tests is no rubber
 * stamp.
 */
class OpenApiDocumentTest extends NodeTest {

  @Test
  void theDocumentIsValidOpenApi31() throws Exception {
    JsonObject schema;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/oas-3.1-schema.json")) {
      schema = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    Validator oas = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic).setBaseUri("https://spec.openapis.org/oas/3.1/schema/2021-04-15"));
    OutputUnit result = oas.validate(ApiContract.DOCUMENT);
    assertThat(result.getValid()).as("the document against the OpenAPI 3.1 schema: " + result.getErrors()).isTrue();
    // and the schema does refuse a broken document: an answer without its description
    JsonObject broken = ApiContract.DOCUMENT.copy();
    broken.getJsonObject("paths").getJsonObject("/categories").getJsonObject("get").getJsonObject("responses")
        .put("200", new JsonObject().put("content", new JsonObject()));
    assertThat(oas.validate(broken).getValid()).isFalse();
    assertThat(ApiContract.DOCUMENT.getString("openapi")).startsWith("3.1.");

    // every $ref points at something that exists
    List<String> dangling = new ArrayList<>();
    refs(ApiContract.DOCUMENT, dangling);
    assertThat(dangling).as("$refs that point nowhere").isEmpty();
  }

  @Test
  void theWebSocketDocumentIsValidAsyncApi30() throws Exception {
    JsonObject schema;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/asyncapi-3.0.0-schema.json")) {
      schema = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    Validator asyncapi = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT7)
        .setOutputFormat(io.vertx.json.schema.OutputFormat.Basic).setBaseUri("https://asyncapi.com/definitions/3.0.0/asyncapi.json"));
    OutputUnit result = asyncapi.validate(ApiContract.ASYNC);
    assertThat(result.getValid()).as("the document against the AsyncAPI 3.0.0 schema: " + result.getErrors()).isTrue();
    JsonObject broken = ApiContract.ASYNC.copy();
    broken.getJsonObject("operations").getJsonObject("serverSends").put("action", "publish"); // an AsyncAPI 2 word
    assertThat(asyncapi.validate(broken).getValid()).isFalse();
  }

  @Test
  void theNodeServesBothDocumentsWithoutASignIn() {
    Api.Response openapi = api.get("/api/v1/openapi.json", null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.json()).isEqualTo(ApiContract.DOCUMENT);
    Api.Response asyncapi = api.get("/api/v1/asyncapi.json", null);
    assertThat(asyncapi.status()).isEqualTo(200);
    JsonObject doc = asyncapi.json();
    assertThat(doc.getString("asyncapi")).isEqualTo("3.0.0");
    // every op the socket speaks is a message of the document
    assertThat(doc.getJsonObject("components").getJsonObject("messages").fieldNames())
        .contains("subscribe", "unsubscribe", "ping", "subscribed", "unsubscribed", "error", "event", "announcement", "pong");
  }

  @Test
  void everyRouteOfTheRouterIsDescribed() {
    List<String> routes = HttpVerticle.mountedApiRoutes;
    assertThat(routes).as("the router's routes (read from the running node)").isNotEmpty();
    List<String> operations = ApiContract.operations();
    List<String> missing = new ArrayList<>();
    for (String route : routes) {
      if (operations.stream().noneMatch(op -> matches(route, op))) missing.add(route.replaceAll(":([A-Za-z]+)", "{$1}"));
    }
    assertThat(missing).as("routes of /api/v1 that src/main/resources/openapi/openapi.json does not describe"
        + " (add each under \"paths\", e.g. \"/tickets/{id}/visit\": {\"post\": …})").isEmpty();
    List<String> phantom = new ArrayList<>();
    for (String op : operations) if (routes.stream().noneMatch(route -> matches(route, op))) phantom.add(op);
    assertThat(phantom).as("operations of the document that the router does not have").isEmpty();
  }

  @Test
  void everyWorkflowActionHasItsOwnPath() {
    JsonArray actions = api.get("/api/v1/meta", api.login("dispatcher")).json().getJsonArray("actions");
    List<String> missing = new ArrayList<>();
    for (Object a : actions) {
      String name = ((JsonObject) a).getString("name");
      if (name.equals("attach")) continue; // POST /tickets/{id}/attachments
      if (!ApiContract.operations().contains("POST /tickets/{id}/" + name)) missing.add("POST /tickets/{id}/" + name);
    }
    assertThat(missing).as("actions of GET /meta without their path in the document").isEmpty();
  }

  @Test
  void theContractCheckCatchesWhatDoesNotMatch() {
    // an answer with a field of the wrong type
    assertThat(ApiContract.check("GET", "/api/v1/grids/locate?lat=31.46&lon=104.74", null, 200, "application/json",
        "{\"gridId\":7,\"name\":\"建国门社区第3网格\"}")).anyMatch(p -> p.contains("does not match"));
    // a status the operation does not document
    assertThat(ApiContract.check("GET", "/api/v1/categories", null, 418, "application/json", "{}"))
        .anyMatch(p -> p.contains("status 418 is not documented"));
    // an error not in the contract's format
    assertThat(ApiContract.check("GET", "/api/v1/tickets/x", null, 404, "application/json", "{\"message\":\"no\"}"))
        .anyMatch(p -> p.contains("does not match"));
    // an accepted body that the document does not allow
    assertThat(ApiContract.check("POST", "/api/v1/announcements", io.vertx.core.buffer.Buffer.buffer("{\"title\":\"停水\",\"colour\":1}"),
        201, "application/json", "{\"id\":\"1\",\"title\":\"停水\",\"body\":\"\",\"at\":\"2026-11-30T09:00:00+08:00\"}"))
        .anyMatch(p -> p.contains("request body does not match"));
    // an undocumented query parameter on an accepted request
    assertThat(ApiContract.check("GET", "/api/v1/categories?colour=red", null, 200, "application/json", "{\"items\":[]}"))
        .anyMatch(p -> p.contains("'colour' is not documented"));
    // a path the document does not know, answered as if it existed
    assertThat(ApiContract.check("GET", "/api/v1/nowhere", null, 200, "application/json", "{}"))
        .anyMatch(p -> p.contains("no path of the document matches /nowhere"));
    // a refused request is exempt from the request schema, but not its answer
    assertThat(ApiContract.check("POST", "/api/v1/tickets", io.vertx.core.buffer.Buffer.buffer("not json"), 400, "application/json",
        "{\"error\":{\"code\":\"malformed_json\",\"message\":\"请求体不是有效的 JSON\"}}")).isEmpty();
  }

  /** A router route ("POST /tickets/:id/:action") covers an operation when each segment is equal or a parameter. */
  private static boolean matches(String route, String operation) {
    String[] r = route.split(" ", 2);
    String[] o = operation.split(" ", 2);
    if (!r[0].equals(o[0])) return false;
    String[] rs = r[1].split("/", -1);
    String[] os = o[1].split("/", -1);
    if (rs.length != os.length) return false;
    for (int i = 0; i < rs.length; i++) {
      boolean routeParam = rs[i].startsWith(":");
      boolean docParam = os[i].startsWith("{");
      if (routeParam) continue; // /tickets/:id/:action covers /tickets/{id}/accept
      if (docParam || !rs[i].equals(os[i])) return false;
    }
    return true;
  }

  private static void refs(Object node, List<String> dangling) {
    if (node instanceof JsonObject o) {
      String ref = o.getString("$ref");
      if (ref != null) {
        try {
          Object target = ApiContract.DOCUMENT;
          for (String raw : ref.substring(2).split("/")) target = ((JsonObject) target).getValue(raw.replace("~1", "/").replace("~0", "~"));
          if (target == null) dangling.add(ref);
        } catch (RuntimeException e) {
          dangling.add(ref);
        }
      }
      for (String k : o.fieldNames()) refs(o.getValue(k), dangling);
    } else if (node instanceof JsonArray a) {
      for (Object v : a) refs(v, dangling);
    }
  }
}
