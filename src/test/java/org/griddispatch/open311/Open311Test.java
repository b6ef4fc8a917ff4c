package org.griddispatch.open311;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Open311 endpoint in both formats over real HTTP, checked against docs/open311-openapi.json and the spec's XML names. */
class Open311Test extends NodeTest {
  static final String KEY = "demo-hotline-key";
  static final JsonObject openapi = openapi();
  static WebClient client;

  @BeforeAll
  static void setUp() {
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
  }

  private static JsonObject openapi() {
    try {
      return new JsonObject(Files.readString(Path.of("docs/open311-openapi.json")));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A read of requests as the hotline's integration: its api_key added to the query. */
  static Res read(String path) {
    return get(path + (path.contains("?") ? "&" : "?") + "api_key=" + KEY);
  }

  record Res(int status, String body, String type) {
    JsonArray array() { return new JsonArray(body); }
    JsonObject object() { return new JsonObject(body); }
  }

  static Res get(String path) {
    var r = client.get("/open311/v2/" + path).send().await();
    return new Res(r.statusCode(), r.bodyAsString(), r.getHeader("Content-Type"));
  }

  static Res post(String path, MultiMap form) {
    var r = client.post("/open311/v2/" + path).sendForm(form).await();
    return new Res(r.statusCode(), r.bodyAsString(), r.getHeader("Content-Type"));
  }

  /** Validates a JSON answer against a schema of the OpenAPI description. */
  static void conforms(Object json, String schema) {
    JsonObject s = openapi.getJsonObject("components").getJsonObject("schemas").getJsonObject(schema).copy();
    OutputUnit result = Validator.create(JsonSchema.of(s), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://griddispatch.example/open311")).validate(json);
    assertThat(result.getValid()).as(schema + ": " + result.getErrors() + " in " + json).isTrue();
  }

  static Document xml(Res r) throws Exception {
    assertThat(r.type()).startsWith("text/xml");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> childNames(Node n) {
    List<String> out = new ArrayList<>();
    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) if (c instanceof Element e) out.add(e.getTagName());
    return out;
  }

  static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  /**
   * The hotline's system, which filed a request, adds its notes and, after its own 回访, closes it
   * or reopens it: each as its account's action with the REST API's rules; refused input changes nothing.
   */
  @Test
  void theFilingSystemPostsUpdatesThatNoteCloseAndReopenItsRequest() throws Exception {
    JsonObject p = Points.of("sgj-03");
    Res created = post("requests.json", form("api_key", KEY, "service_code", "road_damage", "lat", p.getString("lat"),
        "long", p.getString("lon"), "description", "井盖缺失 " + UUID.randomUUID(), "phone", "13912340001"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String number = created.array().getJsonObject(0).getString("service_request_id");
    String id = db.one("SELECT id::text FROM tickets WHERE number = $1", number).getString(0);
    String events = "SELECT count(*) FROM ticket_events WHERE ticket_id = $1::uuid";

    // a note: the hotline's account comments on its own request
    Res noted = post("servicerequestupdates.json", form("api_key", KEY, "service_request_id", number, "description", "市民来电催办"));
    assertThat(noted.status()).as(noted.body()).isEqualTo(200);
    conforms(noted.array(), "PostUpdateResponse");
    JsonObject comment = db.one("SELECT id, type, data, actor_role FROM ticket_events WHERE ticket_id = $1::uuid ORDER BY seq DESC LIMIT 1", id)
        .toJson();
    assertThat(comment.getString("type")).isEqualTo("commented");
    assertThat(comment.getString("actor_role")).isEqualTo("integration");
    assertThat(noted.array().getJsonObject(0).getString("update_id")).isEqualTo(String.valueOf(comment.getLong("id")));

    // refused, and nothing written: closing what is not resolved, bad forms, no key, another key, an unknown request
    long before = db.count(events, id);
    Res early = post("servicerequestupdates.json", form("api_key", KEY, "service_request_id", number, "status", "closed", "description", "已回访"));
    assertThat(early.status()).as(early.body()).isEqualTo(409);
    conforms(early.array(), "Errors");
    for (MultiMap bad : List.of(form("api_key", KEY, "description", "x"),
        form("api_key", KEY, "service_request_id", number, "status", "maybe"),
        form("api_key", KEY, "service_request_id", number),
        form("api_key", KEY, "service_request_id", number, "description", "x".repeat(2001)))) {
      Res r = post("servicerequestupdates.json", bad);
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
      conforms(r.array(), "Errors");
    }
    assertThat(post("servicerequestupdates.json", form("service_request_id", number, "description", "x")).status()).isEqualTo(403);
    assertThat(post("servicerequestupdates.json", form("api_key", "not-a-key", "service_request_id", number, "description", "x")).status())
        .isEqualTo(403);
    assertThat(post("servicerequestupdates.json", form("api_key", KEY, "service_request_id", "CX-00000000-000000", "description", "x"))
        .status()).isEqualTo(404);
    assertThat(db.count(events, id)).isEqualTo(before);

    // the worker handles it; the hotline's 回访 confirms: closed, with its note; in XML too
    // handed to a demo worker whose password the test knows (the shared node's grids gain other tests' workers)
    String dispatcher = api.login("dispatcher");
    String workerId = api.userId(api.login("worker-sgj-03"));
    assertThat(api.act(id, "reassign", dispatcher, new JsonObject().put("assigneeId", workerId)).status()).isEqualTo(200);
    String worker = api.login("worker-sgj-03");
    assertThat(api.act(id, "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(id, "resolve", worker, new JsonObject().put("note", "已补装井盖")).status()).isEqualTo(200);
    Res closed = post("servicerequestupdates.xml", form("api_key", KEY, "service_request_id", number, "status", "fixed", "description", "回访满意"));
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(xml(closed).getElementsByTagName("update_id").getLength()).isEqualTo(1);
    assertThat(db.one("SELECT status FROM tickets WHERE id = $1::uuid", id).getString(0)).isEqualTo("closed");
    // ... and when the caller says it is not fixed after all: reopened, the note its reason
    Res reopened = post("servicerequestupdates.json", form("api_key", KEY, "service_request_id", number, "status", "open", "description", "回访不满意，井盖松动"));
    assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
    JsonObject t = db.one("SELECT status, (SELECT data->>'reason' FROM ticket_events WHERE ticket_id = t.id AND type = 'reopened') AS reason"
        + " FROM tickets t WHERE id = $1::uuid", id).toJson();
    assertThat(t.getString("status")).isEqualTo("reopened");
    assertThat(t.getString("reason")).isEqualTo("回访不满意，井盖松动");
  }

  @Test
  void discoveryAndServicesInBothFormats() throws Exception {
    conforms(get("discovery.json").object(), "Discovery");
    Document d = xml(get("discovery.xml"));
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("discovery");
    assertThat(childNames(d.getDocumentElement())).contains("changeset", "contact", "key_service", "endpoints");
    assertThat(d.getElementsByTagName("endpoint").getLength()).isEqualTo(1);
    assertThat(d.getElementsByTagName("format").getLength()).isEqualTo(2);

    JsonArray services = get("services.json").array();
    conforms(services, "Services");
    assertThat(services.stream().map(o -> ((JsonObject) o).getString("service_code"))).contains("gas_leak")
        .doesNotContain("childcare_subsidy"); // personal applications stay off the public interface
    Document s = xml(get("services.xml?jurisdiction_id=chengxiang"));
    assertThat(s.getDocumentElement().getTagName()).isEqualTo("services");
    Element first = (Element) s.getElementsByTagName("service").item(0);
    assertThat(childNames(first)).containsExactly("service_code", "service_name", "description", "metadata", "type", "keywords", "group");

    JsonObject gas = get("services/gas_leak.json").object();
    conforms(gas, "ServiceDefinition");
    assertThat(gas.getJsonArray("attributes").getJsonObject(0).getJsonArray("values")).isNotEmpty();
    Document def = xml(get("services/road_damage.xml"));
    assertThat(def.getDocumentElement().getTagName()).isEqualTo("service_definition");
    Element attribute = (Element) def.getElementsByTagName("attribute").item(0);
    assertThat(childNames(attribute)).contains("variable", "code", "datatype", "required", "datatype_description", "order", "description", "values");
    assertThat(attribute.getElementsByTagName("value").getLength()).isEqualTo(3);
  }

  @Test
  void postedRequestsBecomeTicketsAndCanBeFollowed() throws Exception {
    JsonObject p = Points.of("bts-04");
    String words = "路面塌陷，车辆无法通行 " + UUID.randomUUID();
    Res created = post("requests.json", form("api_key", "demo-hotline-key", "jurisdiction_id", "chengxiang", "service_code", "road_damage",
        "lat", p.getString("lat"), "long", p.getString("lon"), "description", words, "first_name", "王", "last_name", "芳",
        "phone", "13912345678", "attribute[hazards]", "pothole", "attribute[hazards]", "blocked"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    conforms(created.array(), "PostResponse");
    String id = created.array().getJsonObject(0).getString("service_request_id");

    // it is an ordinary ticket: routed, with its attributes, channel open311
    JsonObject ticket = api.get("/api/v1/tickets?limit=200", api.login("dispatcher")).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(t -> id.equals(t.getString("number"))).findFirst().orElseThrow();
    assertThat(ticket.getString("channel")).isEqualTo("open311");
    assertThat(ticket.getString("gridId")).isEqualTo("bts-04");
    assertThat(ticket.getJsonObject("attributes").getJsonArray("hazards")).containsExactly("pothole", "blocked");
    assertThat(ticket.getJsonObject("contact").getString("name")).isEqualTo("王 芳");

    JsonArray one = read("requests/" + id + ".json").array();
    conforms(one, "ServiceRequests");
    assertThat(one.getJsonObject(0).getString("status")).isEqualTo("open");
    assertThat(one.getJsonObject(0).getString("description")).isEqualTo(words);
    assertThat(one.getJsonObject(0).getString("expected_datetime")).isNotNull();
    Document x = xml(read("requests/" + id + ".xml"));
    assertThat(x.getDocumentElement().getTagName()).isEqualTo("service_requests");
    assertThat(childNames(x.getElementsByTagName("request").item(0))).contains("service_request_id", "status", "status_notes",
        "service_name", "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
        "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");

    // closed once the ticket is resolved, with the note as status_notes
    String worker = api.login("worker-bts-04");
    api.act(ticket.getString("id"), "accept", worker, null);
    api.act(ticket.getString("id"), "resolve", worker, new JsonObject().put("note", "已修补路面"));
    JsonObject done = read("requests/" + id + ".json").array().getJsonObject(0);
    assertThat(done.getString("status")).isEqualTo("closed");
    assertThat(done.getString("status_notes")).isEqualTo("已修补路面");
    assertThat(db.count("SELECT count(*) FROM tickets WHERE id = $1::uuid AND resolution_note = '已修补路面'", ticket.getString("id"))).isEqualTo(1);
    // a ticket resolved before the note was kept on it (V113) shows the note of its timeline
    db.count("WITH u AS (UPDATE tickets SET resolution_note = NULL WHERE id = $1::uuid RETURNING 1) SELECT count(*) FROM u", ticket.getString("id"));
    assertThat(read("requests/" + id + ".json").array().getJsonObject(0).getString("status_notes")).isEqualTo("已修补路面");
    assertThat(read("requests.json?status=closed&service_code=road_damage").array().stream()
        .map(o -> ((JsonObject) o).getString("service_request_id"))).contains(id);
    assertThat(read("requests.json?status=open&service_code=road_damage").array().stream()
        .map(o -> ((JsonObject) o).getString("service_request_id"))).doesNotContain(id);

    // tokens: the ticket id stands for its request
    JsonArray token = get("tokens/" + ticket.getString("id") + ".json").array();
    conforms(token, "Tokens");
    assertThat(token.getJsonObject(0).getString("service_request_id")).isEqualTo(id);
    assertThat(xml(get("tokens/" + ticket.getString("id") + ".xml")).getElementsByTagName("token").getLength()).isEqualTo(1);

    // the timeline as mySociety's updates
    JsonArray updates = read("servicerequestupdates.json").array();
    conforms(updates, "Updates");
    assertThat(updates.stream().map(o -> (JsonObject) o).filter(u -> id.equals(u.getString("service_request_id")))
        .map(u -> u.getString("description"))).anyMatch(dsc -> dsc.startsWith("resolved"));
    assertThat(xml(read("servicerequestupdates.xml")).getDocumentElement().getTagName()).isEqualTo("service_request_updates");

    // an XML POST answers in XML
    Res asXml = post("requests.xml", form("api_key", "demo-hotline-key", "service_code", "streetlight", "address_string", "白塔路12号",
        "description", "路灯不亮 " + UUID.randomUUID()));
    assertThat(asXml.status()).isEqualTo(201);
    assertThat(xml(asXml).getElementsByTagName("service_request_id").getLength()).isEqualTo(1);
  }

  @Test
  void filtersPagingAndDateLimits() {
    JsonObject p = Points.of("yhq-03");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(post("requests.json", form("api_key", "demo-hotline-key", "service_code", "noise", "lat", p.getString("lat"),
          "long", p.getString("lon"), "description", "噪音 " + UUID.randomUUID())).array().getJsonObject(0).getString("service_request_id"));
    }
    JsonArray listed = read("requests.json?service_request_id=" + String.join(",", ids)).array();
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("service_request_id"))).containsExactlyInAnyOrderElementsOf(ids);
    JsonArray page1 = read("requests.json?service_request_id=" + String.join(",", ids) + "&page_size=2&page=1").array();
    JsonArray page2 = read("requests.json?service_request_id=" + String.join(",", ids) + "&page_size=2&page=2").array();
    assertThat(page1.size()).isEqualTo(2);
    assertThat(page2.size()).isEqualTo(1);
    String now = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).toString();
    assertThat(read("requests.json?service_request_id=" + String.join(",", ids) + "&updated_after=" + now).array()).isEmpty();
    assertThat(read("requests.json?service_request_id=" + String.join(",", ids) + "&updated_before=" + now).array()).hasSize(3);

    Res tooLong = read("requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z");
    assertThat(tooLong.status()).isEqualTo(400);
    conforms(tooLong.array(), "Errors");
    assertThat(read("requests.json?start_date=yesterday").status()).isEqualTo(400);
    assertThat(read("requests.json?page_size=5000").status()).isEqualTo(400);
    assertThat(read("requests.json?status=pending").status()).isEqualTo(400);
  }

  @Test
  void refusalsAreTheSpecificationsErrors() throws Exception {
    long before = db.count("SELECT count(*) FROM tickets");
    Res badKey = post("requests.json", form("api_key", "not-a-key", "service_code", "noise", "lat", "31.46", "long", "104.74"));
    assertThat(badKey.status()).isEqualTo(403);
    conforms(badKey.array(), "Errors");
    Res noKey = post("requests.xml", form("service_code", "noise", "lat", "31.46", "long", "104.74"));
    assertThat(noKey.status()).isEqualTo(403);
    Document errors = xml(noKey);
    assertThat(errors.getDocumentElement().getTagName()).isEqualTo("errors");
    assertThat(childNames(errors.getElementsByTagName("error").item(0))).containsExactly("code", "description");
    Res unknown = post("requests.json", form("api_key", "demo-hotline-key", "service_code", "alien_landing", "lat", "31.46", "long", "104.74"));
    assertThat(unknown.status()).isEqualTo(400);
    Res nowhere = post("requests.json", form("api_key", "demo-hotline-key", "service_code", "noise", "description", "x"));
    assertThat(nowhere.status()).isEqualTo(400);
    assertThat(nowhere.array().getJsonObject(0).getString("description")).contains("lat/long or address_string");
    Res badAttribute = post("requests.json", form("api_key", "demo-hotline-key", "service_code", "gas_leak", "lat", "31.46",
        "long", "104.74", "description", "x", "attribute[smell]", "purple"));
    assertThat(badAttribute.status()).isEqualTo(400);
    Res notAQuestion = post("requests.json", form("api_key", "demo-hotline-key", "service_code", "illegal_parking",
        "lat", "31.46", "long", "104.74", "description", "乱停车", "attribute[colour]", "red"));
    assertThat(notAQuestion.status()).isEqualTo(400);
    assertThat(notAQuestion.body()).contains("colour");
    assertThat(db.count("SELECT count(*) FROM tickets")).isEqualTo(before);

    assertThat(get("services/alien_landing.json").status()).isEqualTo(404);
    assertThat(read("requests/CX-00000000-000000.json").status()).isEqualTo(404);
    assertThat(get("tokens/" + UUID.randomUUID() + ".xml").status()).isEqualTo(404);
    assertThat(get("services.json?jurisdiction_id=elsewhere").status()).isEqualTo(404);
    assertThat(get("services.yaml").status()).isEqualTo(404);
  }

  @Test
  void readingRequestsTakesAnIntegrationsKey() throws Exception {
    JsonObject p = Points.of("jgm-02");
    String words = "三光街6号3栋2单元 家中老人摔倒 " + UUID.randomUUID();
    String id = post("requests.json", form("api_key", KEY, "service_code", "elderly_care", "lat", p.getString("lat"),
        "long", p.getString("lon"), "address_string", "三光街6号3栋2单元", "description", words, "phone", "13912345670"))
        .array().getJsonObject(0).getString("service_request_id");

    // without a key: 401 in the specification's error list, in both formats, and nothing of the report
    for (String path : List.of("requests.json", "requests.json?service_request_id=" + id, "requests/" + id + ".json",
        "servicerequestupdates.json")) {
      Res refused = get(path);
      assertThat(refused.status()).as(path).isEqualTo(401);
      conforms(refused.array(), "Errors");
      assertThat(refused.body()).doesNotContain(words).doesNotContain(id);
    }
    Res asXml = get("requests/" + id + ".xml");
    assertThat(asXml.status()).isEqualTo(401);
    assertThat(childNames(xml(asXml).getElementsByTagName("error").item(0))).containsExactly("code", "description");

    // a key that is no integration's: 403, as when filing
    Res badKey = get("requests/" + id + ".json?api_key=not-a-key");
    assertThat(badKey.status()).isEqualTo(403);
    conforms(badKey.array(), "Errors");
    assertThat(get("servicerequestupdates.json?api_key=not-a-key").status()).isEqualTo(403);

    // the integration's key reads the request whole
    JsonObject whole = read("requests/" + id + ".json").array().getJsonObject(0);
    assertThat(whole.getString("description")).isEqualTo(words);
    assertThat(whole.getString("address")).isEqualTo("三光街6号3栋2单元");
    assertThat(whole.getDouble("lat")).isEqualTo(p.getDouble("lat"));
  }
}
