package org.griddispatch.pages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.type;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/**
 * The worker's terminal on a phone (390×844) in a real Chromium: installed (manifest, service worker),
 * cards with names, place, distance and one next action, "seen" when a card is shown; then taken
 * offline (the cable between it and the node unplugged, and the browser's offline emulation on, so
 * that the service worker's own requests fail too): it still opens with its queue, marked possibly stale; an
 * accept and a resolve with a photo wait on the device and reach the server once when it is back
 * online; an action someone else overtook meanwhile is shown as refused. axe-core finds no serious
 * accessibility violation. Grid sgj-04 (worker-sgj-04, 黄晓燕).
 */
class FieldTerminalTest extends PageTest {
  static org.griddispatch.support.Cable cable;

  /** The phone reaches the node through the cable (after PageTest has checked the browser is there). */
  @BeforeAll
  static void plugCable() {
    cable = new org.griddispatch.support.Cable(vertx, node.port());
    base = "http://127.0.0.1:" + cable.port();
  }

  @AfterAll
  static void unplugCable() {
    if (cable != null) cable.close();
  }

  private static JsonObject file(String category, String words, String address) {
    JsonObject p = Points.of("sgj-04");
    return api.file("13800000081", Api.report(category, p.getDouble("lat"), p.getDouble("lon"), words).put("address", address));
  }

  /** A phone whose browser knows where it is: a few dozen metres south-west of the grid's point, in the grid. */
  private static ChromeDriver phone() {
    ChromeDriver d = (ChromeDriver) browser(390, 844);
    JsonObject p = Points.of("sgj-04");
    d.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
    d.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", p.getDouble("lat") - 0.0004,
        "longitude", p.getDouble("lon") - 0.0003, "accuracy", 10));
    return d;
  }

  private static String card(String ticketId) { return "article[data-ticket='" + ticketId + "']"; }

  private static long events(String ticketId, String type) {
    return db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = $2", UUID.fromString(ticketId), type);
  }

  /** Offline for real: the cable out, and the browser told so (navigator.onLine, the offline event). */
  private static void offline(ChromeDriver d, boolean off) {
    if (off) {
      cable.unplug();
      ChromiumNetworkConditions c = new ChromiumNetworkConditions();
      c.setOffline(true);
      d.setNetworkConditions(c);
    } else {
      cable.plug();
      d.deleteNetworkConditions();
    }
  }

  @Test
  void installedTakenOfflineActionsQueuedThenSentOnceAndAConflictShown() throws Exception {
    JsonObject leak = file("gas_leak", "地下室燃气味 " + System.nanoTime(), "双井路12号地下车库");
    JsonObject bin = file("garbage", "垃圾桶满溢 " + System.nanoTime(), "双井路14号");
    String leakId = leak.getString("id");
    String binId = bin.getString("id");
    String workerId = api.userId(api.login("worker-sgj-04"));

    ChromeDriver d = phone();
    Browsers.signIn(d, base + "/worker", "worker-sgj-04", "demo1234");
    // cards with the category's name, the place, the distance (once the worker lets the page know where they are) and one next action
    waitText(d, By.cssSelector(card(leakId) + " h3.cat"), "燃气泄漏");
    click(d, By.id("locate"));
    waitText(d, By.cssSelector(card(leakId) + " .place"), "双井路12号地下车库");
    waitText(d, By.cssSelector(card(leakId) + " .place .dist"), "m");
    assertThat(d.findElement(By.cssSelector(card(leakId) + " a.navigate")).getAttribute("href")).startsWith("geo:");
    waitFor(d, By.cssSelector(card(leakId) + " button.accept"));
    // a card on screen was shown to the worker: the server hears it once (brought on screen first: the
    // grid's older urgent tickets, left by other tests, come before it in the queue)
    d.executeScript("arguments[0].scrollIntoView({block: 'center'})", d.findElement(By.cssSelector(card(leakId))));
    assertThat(db.awaitCount(vertx, 1, 30, "SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = 'seen' AND actor_id = $2",
        UUID.fromString(leakId), workerId)).isEqualTo(1);
    top(d);
    screenshot(d, "worker-phone");

    // installed: a manifest of the right type, and the service worker controls the page
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> Boolean.TRUE.equals(
        ((JavascriptExecutor) x).executeScript("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)")));
    Api.Response manifest = api.get("/worker.webmanifest", null);
    assertThat(manifest.header("Content-Type")).startsWith("application/manifest+json");
    assertThat(manifest.json().getString("start_url")).isEqualTo("/worker");
    assertThat(manifest.json().getJsonArray("icons")).isNotEmpty();
    assertThat(api.get("/sw.js", null).header("Content-Type")).contains("javascript");

    // into the basement: offline, and the page opened again
    offline(d, true);
    d.navigate().refresh();
    waitFor(d, By.cssSelector(card(leakId)));
    waitFor(d, By.cssSelector(card(binId)));
    waitText(d, By.id("stale"), "离线");
    assertThat(d.findElement(By.id("stale")).isDisplayed()).isTrue();

    // accept and resolve the leak, with a photo, offline
    click(d, By.cssSelector(card(leakId) + " button.accept"));
    waitText(d, By.id("outbox"), "1");
    waitFor(d, By.cssSelector(card(leakId) + "[data-status='accepted']"));
    click(d, By.cssSelector(card(leakId) + " button.details-toggle"));
    Path shot = Files.createTempFile("after-", ".png");
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(48, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 48; x++) for (int y = 0; y < 48; y++) img.setRGB(x, y, (x * 5) << 16 | (y * 5) << 8);
    javax.imageio.ImageIO.write(img, "png", shot.toFile());
    waitFor(d, By.cssSelector(card(leakId) + " form.resolve input.after-photo")).sendKeys(shot.toString());
    type(d, By.cssSelector(card(leakId) + " form.resolve input[data-tp='note']"), "已关阀，通风，燃气公司已修复");
    click(d, By.cssSelector(card(leakId) + " form.resolve button[type='submit']"));
    waitText(d, By.id("outbox"), "2");

    // meanwhile the centre withdraws the other ticket; the worker, still offline, signs for it
    assertThat(api.act(binId, "cancel", api.login("dispatcher"), new JsonObject().put("reason", "重复录入")).status()).isEqualTo(200);
    click(d, By.cssSelector(card(binId) + " button.accept"));
    waitText(d, By.id("outbox"), "3");
    top(d);
    screenshot(d, "worker-phone-offline");
    assertThat(events(leakId, "accepted")).isZero();

    // back online: each action reaches the server once, the overtaken one is shown as refused
    offline(d, false);
    new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> !x.findElement(By.id("outbox")).isDisplayed());
    waitText(d, By.id("refused"), bin.getString("number"));
    assertThat(events(leakId, "accepted")).isEqualTo(1);
    assertThat(events(leakId, "resolved")).isEqualTo(1);
    assertThat(events(leakId, "attachment_added")).isEqualTo(1);
    assertThat(events(binId, "accepted")).isZero();
    JsonObject resolved = api.get("/api/v1/tickets/" + leakId, api.login("dispatcher")).json();
    assertThat(resolved.getString("status")).isEqualTo("resolved");
    JsonArray timeline = api.get("/api/v1/tickets/" + leakId + "/events", api.login("dispatcher")).array();
    assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("type")).filter("resolved"::equals).count()).isEqualTo(1);
    screenshot(d, "worker-phone-back-online");
    // sent again by a terminal that did not hear the answer, nothing more happens (the server keeps the keys)
    assertThat(db.count("SELECT count(*) FROM action_keys WHERE actor_id = $1 AND ticket_id = $2", workerId, UUID.fromString(leakId)))
        .isEqualTo(2);
  }

  @Test
  void patrolFormAndTheWorkerPageHaveNoSeriousAccessibilityViolation() throws Exception {
    file("streetlight", "路灯不亮 " + System.nanoTime(), "双井路20号");
    ChromeDriver d = phone();
    Browsers.signIn(d, base + "/worker", "worker-sgj-04", "demo1234");
    waitFor(d, By.cssSelector("article[data-ticket] button.details-toggle"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));
    assertThat(violations(d)).as("the queue").isEmpty();
    click(d, By.cssSelector("article[data-ticket] button.details-toggle"));
    waitFor(d, By.cssSelector("article[data-ticket] .details ol.timeline"));
    assertThat(violations(d)).as("a card's details").isEmpty();

    // a patrol report, settled on the spot, from the phone's own position
    click(d, By.id("tab-patrol"));
    waitText(d, By.id("patrol-where"), "位置已取得");
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("patrol-category"))).selectByValue("illegal_parking");
    String words = "消防通道违停 " + System.nanoTime();
    d.findElement(By.id("patrol-description")).sendKeys(words);
    d.findElement(By.id("patrol-now")).click();
    d.findElement(By.id("patrol-note")).sendKeys("已联系车主挪车");
    assertThat(violations(d)).as("the patrol form").isEmpty();
    screenshot(d, "worker-phone-patrol");
    click(d, By.cssSelector("#patrol-form button[type='submit']"));
    String workerId = api.userId(api.login("worker-sgj-04"));
    assertThat(db.awaitCount(vertx, 1, 30, "SELECT count(*) FROM tickets WHERE channel = 'patrol' AND status = 'resolved'"
        + " AND created_by = $1 AND description = $2", workerId, words)).isEqualTo(1);

    // English too
    click(d, By.id("lang"));
    waitText(d, By.id("tab-queue"), "Queue");
    click(d, By.id("tab-queue"));
    waitText(d, By.cssSelector("article[data-ticket] h3.cat"), "Streetlight");
    top(d);
    screenshot(d, "worker-phone-en");
    // at a desk or on a tablet the same page shows the queue with its details, the patrol form and the map side by side
    d.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 900));
    waitFor(d, By.cssSelector("#pane-map .leaflet-container"));
    top(d);
    screenshot(d, "worker-desk");
    ((JavascriptExecutor) d).executeScript("localStorage.removeItem('lang')");
  }

  /**
   * The terminal's header (title, connection, language, notifications) keeps to one row on a phone and at
   * a desk, in Chinese and in English, connected and disconnected: no label breaks over lines, nothing
   * runs off the screen, and every control keeps a name that is shown or read out and a target a thumb finds.
   */
  @Test
  void theHeaderKeepsToOneRowOnAPhoneAndAtADeskInBothLanguages() throws Exception {
    ChromeDriver d = phone();
    Browsers.signIn(d, base + "/worker", "worker-sgj-04", "demo1234");
    waitFor(d, By.id("push"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));
    try {
      for (String language : List.of("zh", "en")) {
        if (language.equals("en")) {
          click(d, By.id("lang"));
          waitText(d, By.id("title"), "Grid worker");
        }
        for (int[] size : new int[][] {{390, 844}, {1366, 900}}) {
          d.manage().window().setSize(new org.openqa.selenium.Dimension(size[0], size[1]));
          new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> ((Number) ((JavascriptExecutor) x)
              .executeScript("return window.innerWidth")).intValue() == size[0]);
          assertHeaderInOneRow(d, language + " " + size[0] + "px, connected");
          top(d);
          screenshot(d, "worker-header-" + language + "-" + size[0]);
        }
      }
      // the longest connection label there is (English "disconnected"), on the phone
      d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      cable.unplug();
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("closed"));
      assertHeaderInOneRow(d, "en 390px, disconnected");
      top(d);
      screenshot(d, "worker-header-en-390-disconnected");
      // the red bar that says so sits under the header, not under its lower edge, once the page is scrolled
      assertBannerUnderHeader(d, "en 390px, disconnected");
      screenshot(d, "worker-banner-en-390-scrolled");
      top(d);
    } finally {
      cable.plug();
      ((JavascriptExecutor) d).executeScript("localStorage.removeItem('lang')");
    }
  }

  private static void top(WebDriver d) {
    ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0)");
  }

  /** What axe-core (the webjar, injected by the test) finds serious or critical on the page as it stands. */
  static List<String> violations(WebDriver d) throws Exception {
    String axe;
    try (InputStream in = FieldTerminalTest.class.getClassLoader()
        .getResourceAsStream("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JavascriptExecutor js = (JavascriptExecutor) d;
    js.executeScript(axe);
    Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, { resultTypes: ['violations'] })"
        + ".then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
        + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))))"
        + ".catch(e => done(JSON.stringify([{ id: 'axe-failed', impact: 'critical', help: String(e) }])));");
    List<String> serious = new ArrayList<>();
    for (Object o : new JsonArray((String) result)) {
      JsonObject v = (JsonObject) o;
      if ("serious".equals(v.getString("impact")) || "critical".equals(v.getString("impact"))) serious.add(v.encode());
    }
    return serious;
  }
}
