package org.griddispatch.pages;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.text;
import static org.griddispatch.pages.Browsers.type;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/** The department desk as the gas company's staff use it, at a desk and on a phone, in both languages. */
class DeptPageTest extends PageTest {

  static Object js(WebDriver d, String script) { return ((JavascriptExecutor) d).executeScript(script); }

  private String workerOf(JsonObject t) {
    return api.usernameOf(t.getString("assigneeId"));
  }

  private void photo(String ticketId, String token) throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) for (int y = 0; y < 64; y++) img.setRGB(x, y, (x * 2000 + y * 30) & 0xFFFFFF);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
    int status = client.post("/api/v1/tickets/" + ticketId + "/attachments").putHeader("Authorization", "Bearer " + token)
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "leak.png", Buffer.buffer(out.toByteArray()), "image/png"))
        .await().statusCode();
    assertThat(status).isEqualTo(201);
  }

  @Test
  void aGasLeakCalledInHandledAndCalledAgainAfterItIsReopened() throws Exception {
    WebDriver desk = sized(browser(1366, 900), 1366, 900);
    Browsers.signIn(desk, base + "/dept", "dept-gas", "demo1234");
    waitFor(desk, By.id("queue"));
    new WebDriverWait(desk, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));

    String phone = "13800000081";
    String resident = api.resident(phone);
    JsonObject p = Points.of("dxm-03");
    JsonObject body = Api.report("gas_leak", p.getDouble("lat") + 0.0003, p.getDouble("lon") - 0.0003, "二楼燃气管道接口漏气 " + System.nanoTime())
        .put("address", "东兴路8号2单元").put("contact", new JsonObject().put("name", "范雪").put("phone", phone));
    JsonObject t = api.file(phone, body);
    String id = t.getString("id");
    photo(id, resident);
    String worker = api.login(workerOf(t));
    assertThat(api.act(id, "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("gas")).put("note", "请带检测仪")).status()).isEqualTo(200);

    // the call: a banner with the number, the card with names, labelled deadlines, place, contact and photo
    waitText(desk, By.id("new-call"), t.getString("number"));
    String card = "#queue article[data-ticket='" + id + "']";
    waitText(desk, By.cssSelector(card + " .category"), "燃气泄漏");
    assertThat(text(desk, By.cssSelector(card + " .report-by"))).startsWith("报到时限");
    assertThat(text(desk, By.cssSelector(card + " .resolve-by"))).startsWith("办结时限");
    assertThat(text(desk, By.cssSelector(card + " .place"))).contains("东兴路8号2单元").contains("网格");
    assertThat(text(desk, By.cssSelector(card + " .contact"))).contains("范雪").contains(phone);
    new WebDriverWait(desk, Duration.ofSeconds(20)).until(x -> (Boolean) js(x,
        "const i = document.querySelector(\"" + card + " img.photo\"); return !!i && i.complete && i.naturalWidth === 64"));
    assertThat(desk.findElements(By.cssSelector("#map .leaflet-interactive")).size()).isGreaterThan(0);
    assertThat(desk.findElement(By.cssSelector(card)).getText()).doesNotContain("gas_leak");
    screenshot(desk, "dept-desk-zh");

    // report in, then resolve: a confirmation, and the ticket in the history
    click(desk, By.cssSelector(card + " form button[type=submit]"));
    waitText(desk, By.cssSelector(card + " .deadlines"), "已报到");
    type(desk, By.cssSelector(card + " form input"), "已关阀，更换接口");
    click(desk, By.cssSelector(card + " form button[type=submit]"));
    waitText(desk, By.cssSelector("#alerts .done"), t.getString("number"));
    waitText(desk, By.id("history"), t.getString("number"));
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(x -> x.findElements(By.cssSelector(card)).isEmpty());
    assertThat(api.get("/api/v1/tickets/" + id, resident).json().getString("status")).isEqualTo("resolved");

    // reopened by the resident, the worker calls the gas company again: a new banner, the buttons back
    assertThat(api.act(id, "reopen", resident, new JsonObject().put("reason", "还是有燃气味")).status()).isEqualTo(200);
    js(desk, "document.getElementById('new-call')?.remove()");
    assertThat(api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("gas")).put("note", "再次到场")).status()).isEqualTo(200);
    waitText(desk, By.id("new-call"), t.getString("number"));
    waitFor(desk, By.cssSelector(card + " form button[type=submit]"));
    click(desk, By.cssSelector(card + " form button[type=submit]"));
    waitText(desk, By.cssSelector(card + " .deadlines"), "已报到");
    type(desk, By.cssSelector(card + " form input"), "更换了老化软管");
    click(desk, By.cssSelector(card + " form button[type=submit]"));
    new WebDriverWait(desk, Duration.ofSeconds(10)).until(x -> x.findElements(By.cssSelector(card)).isEmpty());
    assertThat(api.get("/api/v1/tickets/" + id, resident).json().getString("status")).isEqualTo("resolved");
    assertThat(consoleErrors(desk)).isEmpty();
  }

  @Test
  void theEnglishDeskHasNoChineseOutsideNamesAndUserText() throws Exception {
    JsonObject p = Points.of("dxm-01");
    JsonObject t = api.file("13800000082", Api.report("gas_leak", p.getDouble("lat") - 0.0002, p.getDouble("lon"), "燃气表附近有气味 " + System.nanoTime())
        .put("address", "东兴路1号"));
    String worker = api.login(workerOf(t));
    api.act(t.getString("id"), "accept", worker, null);
    api.act(t.getString("id"), "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("gas")));

    WebDriver d = sized(browser(1366, 900), 1366, 900);
    Browsers.signIn(d, base + "/dept", "dept-gas", "demo1234");
    String card = "#queue article[data-ticket='" + t.getString("id") + "']";
    waitFor(d, By.cssSelector(card));
    js(d, "localStorage.setItem('lang', 'en')");
    d.navigate().refresh();
    waitText(d, By.cssSelector(card + " .category"), "Gas leak");
    waitText(d, By.cssSelector(card + " .report-by"), "Report in by");
    waitText(d, By.id("title"), "Department desk");
    String shown = (String) js(d, "const c = document.body.cloneNode(true);"
        + " c.querySelectorAll('.user-text, .name, #lang, script, .leaflet-container').forEach((e) => e.remove()); return c.innerText;");
    assertThat(shown.lines().filter(l -> l.matches(".*[\\u4e00-\\u9fff].*")).toList()).as("lines in Chinese on the English desk").isEmpty();
    assertThat(d.getTitle()).doesNotContainPattern("[\\u4e00-\\u9fff]");
    screenshot(d, "dept-desk-en");
    sized(d, 390, 844);
    d.navigate().refresh();
    waitFor(d, By.cssSelector(card));
    screenshot(d, "dept-phone-en");
    js(d, "localStorage.setItem('lang', 'zh')");
    d.navigate().refresh();
    waitText(d, By.cssSelector(card + " .category"), "燃气泄漏");
    screenshot(d, "dept-phone-zh");
    js(d, "localStorage.removeItem('lang')");
    assertThat(consoleErrors(d)).isEmpty();
  }
}
