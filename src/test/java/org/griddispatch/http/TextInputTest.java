package org.griddispatch.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text that is not text, numbers that are not numbers, forms and requests over the server's limits:
 * each a 4xx in the error format that stores nothing, and the Open311 XML stays well-formed whatever
 * the database holds.
 */
class TextInputTest extends NodeTest {
  static JsonObject p;
  static WebClient client;

  @BeforeAll
  static void setUp() {
    p = Points.of("yhq-03");
    client = org.griddispatch.support.ApiContract.watch(WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())));
  }

  /** A raw JSON body (so that escapes such as a lone \ud800 reach the server as written) is refused and stores nothing. */
  private JsonObject refused(String path, String token, String body, int status, String code) {
    long[] before = db.totals();
    Api.Response r = api.post(path, token, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(db.totals()).as("nothing written").containsExactly(before);
    return r.json().getJsonObject("error").getJsonObject("fields");
  }

  private String report(String description, String extra) {
    return "{\"category\":\"illegal_parking\",\"description\":\"" + description + "\",\"location\":{\"lat\":" + p.getDouble("lat")
        + ",\"lon\":" + p.getDouble("lon") + "}" + extra + "}";
  }

  @Test
  void aLoneSurrogateIsRefusedInAnyTextFieldEvenBeforeSignIn() {
    JsonObject f = refused("/api/v1/auth/login", null, "{\"username\":\"\\ud800é\",\"password\":\"x\"}", 400, "validation_failed");
    assertThat(f.getString("username")).contains("surrogate");
    String resident = api.resident("13800000001");
    refused("/api/v1/tickets", resident, report("漏水\\udc00é", ""), 400, "validation_failed");
    refused("/api/v1/tickets", resident, report("x", ",\"contact\":{\"name\":\"\\ud83dé\"}"), 400, "validation_failed");
    JsonObject t = api.file("13800000001", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾"));
    refused("/api/v1/tickets/" + t.getString("id") + "/comment", resident, "{\"text\":\"\\ud800中\"}", 400, "validation_failed");
  }

  @Test
  void controlCharactersAndNoncharactersAreRefused() {
    String resident = api.resident("13800000001");
    JsonObject esc = refused("/api/v1/tickets", resident, report("红色\\u001b[31m", ""), 400, "validation_failed");
    assertThat(esc.getString("description")).isEqualTo("contains control characters");
    JsonObject nonchar = refused("/api/v1/tickets", resident, report("a\\uffffb", ""), 400, "validation_failed");
    assertThat(nonchar.getString("description")).contains("noncharacter");
    // a free-text answer, which no field rule of its own reads
    JsonObject answer = refused("/api/v1/tickets", resident, report("占道", ",\"attributes\":{\"plate\":\"川A\\u001b1234\"}"),
        400, "validation_failed");
    assertThat(answer.fieldNames()).containsExactly("attributes.plate");
    // newline and tab are text
    Api.Response ok = api.post("/api/v1/tickets", resident, report("第一行\\n\\t第二行 " + java.util.UUID.randomUUID(), ""));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
  }

  @Test
  void numbersMustBeFinite() {
    String resident = api.resident("13800000001");
    String leak = "{\"category\":\"water_leak\",\"description\":\"漏水\",\"location\":{\"lat\":" + p.getDouble("lat") + ",\"lon\":"
        + p.getDouble("lon") + "},\"attributes\":{\"floor\":";
    for (String floor : new String[] {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400"}) {
      JsonObject f = refused("/api/v1/tickets", resident, leak + floor + "}}", 400, "validation_failed");
      assertThat(f.fieldNames()).as(floor).containsExactly("attributes.floor");
    }
    refused("/api/v1/tickets", resident, leak + "NaN}}", 400, "malformed_json");
    JsonObject lat = refused("/api/v1/tickets", resident, "{\"category\":\"noise\",\"description\":\"x\",\"location\":{\"lat\":1e999,\"lon\":104.7}}",
        400, "validation_failed");
    assertThat(lat.getString("location.lat")).isEqualTo("must be a finite number");
  }

  private static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void open311FormsFollowTheSameRules() {
    String lat = String.valueOf(p.getDouble("lat"));
    String lon = String.valueOf(p.getDouble("lon"));
    long[] before = db.totals();
    MultiMap tooMany = form("api_key", "demo-hotline-key", "service_code", "noise", "lat", lat, "long", lon, "description", "吵");
    for (int i = 0; i < 300; i++) tooMany.add("f" + i, "1");
    for (MultiMap bad : new MultiMap[] {
        form("api_key", "demo-hotline-key", "service_code", "noise", "lat", lat, "long", lon, "description", "a\u001bb"),
        form("api_key", "demo-hotline-key", "service_code", "noise", "lat", lat, "long", lon, "description", "a\uffffb"),
        form("api_key", "demo-hotline-key", "service_code", "noise", "lat", "NaN", "long", lon, "description", "吵"),
        form("api_key", "demo-hotline-key", "service_code", "noise", "lat", "Infinity", "long", lon, "description", "吵"),
        tooMany}) {
      var r = client.post("/open311/v2/requests.json").sendForm(bad).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonArray().getJsonObject(0).getInteger("code")).isEqualTo(400);
    }
    // a broken %-escape in the form body
    var broken = client.post("/open311/v2/requests.json").putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer("%ZZ=1&api_key=demo-hotline-key&service_code=noise")).await();
    assertThat(broken.statusCode()).as(broken.bodyAsString()).isEqualTo(400);
    assertThat(broken.bodyAsJsonArray().getJsonObject(0).getInteger("code")).isEqualTo(400);
    assertThat(db.totals()).containsExactly(before);
  }

  @Test
  void open311XmlNeverCarriesWhatXmlForbids() throws Exception {
    // a report stored before these rules (or by another writer) holding U+FFFF and a control character
    JsonObject t = api.file("13800000002", Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "夜里施工"));
    db.count("WITH u AS (UPDATE tickets SET description = 'bad' || chr(65535) || chr(27) || 'text' WHERE id = $1::uuid RETURNING 1)"
        + " SELECT count(*) FROM u", t.getString("id"));
    var r = client.get("/open311/v2/requests/" + t.getString("number") + ".xml?api_key=demo-hotline-key").send().await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.bodyAsString().getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagName("description").item(0).getTextContent()).isEqualTo("bad\ufffd\ufffdtext");
    // and the whole list, which every client reads, stays readable
    var list = client.get("/open311/v2/requests.xml?api_key=demo-hotline-key").send().await();
    assertThat(list.statusCode()).isEqualTo(200);
    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(list.body().getBytes()));
  }

  @Test
  void aPhotoFormWithTooManyFieldsIs400() {
    JsonObject t = api.file("13800000001", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾"));
    MultipartForm multipart = MultipartForm.create();
    for (int i = 0; i < 300; i++) multipart.attribute("f" + i, "1");
    multipart.binaryFileUpload("file", "x.png", Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}), "image/png");
    long attachments = db.count("SELECT count(*) FROM attachments");
    long[] before = db.totals();
    var r = client.post("/api/v1/tickets/" + t.getString("id") + "/attachments")
        .putHeader("Authorization", "Bearer " + api.resident("13800000001")).sendMultipartForm(multipart).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("too_many_fields");
    assertThat(db.count("SELECT count(*) FROM attachments")).isEqualTo(attachments);
    assertThat(db.totals()).containsExactly(before);
  }

  @Test
  void anOverlongAddressOrHeadersAnswerInTheErrorFormat() {
    Api.Response uri = api.get("/api/v1/tickets?q=" + "a".repeat(10_000), api.login("dispatcher"));
    assertThat(uri.status()).isEqualTo(414);
    assertThat(uri.errorCode()).isEqualTo("uri_too_long");
    Api.Response headers = api.call(HttpMethod.GET, "/api/v1/tickets", api.login("dispatcher"), null,
        Map.of("X-Padding", "a".repeat(10_000)));
    assertThat(headers.status()).isEqualTo(431);
    assertThat(headers.errorCode()).isEqualTo("headers_too_large");
    assertThat(headers.header("Content-Type")).startsWith("application/json");
  }
}
