package org.griddispatch.pages;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.clickMapAt;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.residentSignIn;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.text;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/** The residents' page on a phone (390×844), as an elderly resident would use it. */
class ResidentPageTest extends PageTest {

  static WebDriver phone() { return sized(browser(390, 844), 390, 844); }

  /** The page's own viewport made exactly {@code width}×{@code height}, as a phone's (headless windows are at least 500 wide). */
  static Object js(WebDriver d, String script, Object... args) { return ((JavascriptExecutor) d).executeScript(script, args); }

  /** Whether the element is wholly inside the first screen, without scrolling. */
  static boolean onFirstScreen(WebDriver d, String css) {
    return (Boolean) js(d, "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        + " return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0", css);
  }

  @Test
  void theCallButtonAndTheCommonProblemsAreOnTheFirstScreen() throws Exception {
    WebDriver d = phone();
    residentSignIn(d, base, "13800000071");
    waitFor(d, By.cssSelector("#quick button[data-category=gas_leak]"));
    js(d, "window.scrollTo(0, 0)");
    assertThat(js(d, "return [window.innerWidth, window.innerHeight]").toString()).isEqualTo("[390, 844]");
    assertThat(onFirstScreen(d, "#call")).as("call button visible at 390x844").isTrue();
    assertThat(onFirstScreen(d, "#quick button[data-category=gas_leak]")).isTrue();
    assertThat(onFirstScreen(d, "#quick button:last-child")).isTrue();
    assertThat(d.findElement(By.cssSelector("#quick button[data-category=gas_leak]")).getText()).isEqualTo("燃气泄漏");
    assertThat(d.findElement(By.id("category")).getAttribute("value")).as("no category chosen for the resident").isEmpty();
    screenshot(d, "resident-phone-zh");
    assertThat(consoleErrors(d)).isEmpty();
  }

  @Test
  void anEmptyCallIsExplainedInChineseNextToTheFieldsAndFilesNothing() {
    WebDriver d = phone();
    residentSignIn(d, base, "13800000072");
    long[] before = db.totals();
    click(d, By.id("call"));
    waitText(d, By.id("description-error"), "必填");
    waitText(d, By.id("category-error"), "必填");
    assertThat(text(d, By.id("location-error"))).matches(".*[\\u4e00-\\u9fff].*");
    assertThat(text(d, By.id("report-error"))).contains("有些内容没有填写或填写有误");
    assertThat(d.findElement(By.id("description")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(db.totals()).as("nothing filed").containsExactly(before);
  }

  @Test
  void theConfirmationShowsTheNumberAndWhenToExpectAnAnswer() throws Exception {
    WebDriver d = phone();
    residentSignIn(d, base, "13800000073");
    click(d, By.cssSelector("#quick button[data-category=noise]"));
    d.findElement(By.id("description")).sendKeys("楼下广场舞音响太吵 " + System.nanoTime());
    JsonObject p = Points.of("sgj-04");
    clickMapAt(d, p.getDouble("lat"), p.getDouble("lon"));
    waitText(d, By.id("where"), "社区");
    d.findElement(By.id("address")).sendKeys("三光街12号");
    click(d, By.id("call"));
    String number = text(d, By.id("filed-number"));
    assertThat(number).matches("CX-\\d{8}-\\d{6}");
    // "within N minutes (by HH:MM)" in working hours, "by <day> HH:MM" when the clock waits for them
    assertThat(text(d, By.cssSelector("#confirmation"))).contains("已收到您的诉求").containsPattern("前）?响应");
    waitText(d, By.cssSelector("#my-requests"), number);
    js(d, "window.scrollTo(0, 0)");
    assertThat(onFirstScreen(d, "#filed-number")).isTrue();
    screenshot(d, "resident-phone-zh-filed");
  }

  @Test
  void theSameProblemMakesTheResidentAFollowerWithoutANewTicket() {
    JsonObject p = Points.of("sgj-01");
    double lat = p.getDouble("lat") + 0.0002;
    double lon = p.getDouble("lon") + 0.0002;
    JsonObject first = api.file("13800000074", Api.report("drainage_blockage", lat, lon, "下水道堵了，污水漫出来"));
    WebDriver d = phone();
    residentSignIn(d, base, "13800000075");
    click(d, By.cssSelector("#quick button[data-category=drainage_blockage]"));
    clickMapAt(d, lat, lon);
    String prompt = "#nearby .duplicate[data-number='" + first.getString("number") + "']";
    waitFor(d, By.cssSelector(prompt));
    assertThat(text(d, By.cssSelector(prompt))).contains("是同一个问题：关注它").contains("我的不一样").doesNotContain("null");
    long tickets = db.totals()[0];
    click(d, By.cssSelector(prompt + " button.same"));
    waitText(d, By.id("filed-number"), first.getString("number"));
    waitText(d, By.id("confirmation"), "已关注");
    waitText(d, By.id("my-requests"), first.getString("number"));
    assertThat(db.totals()[0]).as("no new ticket").isEqualTo(tickets);
    JsonObject seen = api.get("/api/v1/tickets/" + first.getString("id"), api.login("dispatcher")).json();
    assertThat(seen.getString("number")).isEqualTo(first.getString("number"));
    assertThat(api.get("/api/v1/tickets?limit=50", api.resident("13800000075")).body()).contains(first.getString("number"));

    // "mine is different" leaves the prompt and files a ticket of its own
    WebDriver other = phone();
    residentSignIn(other, base, "13800000076");
    click(other, By.cssSelector("#quick button[data-category=drainage_blockage]"));
    clickMapAt(other, lat, lon);
    waitFor(other, By.cssSelector(prompt));
    click(other, By.cssSelector(prompt + " button.different"));
    new WebDriverWait(other, Duration.ofSeconds(10)).until(x -> x.findElements(By.cssSelector(prompt)).isEmpty());
  }

  @Test
  void aResidentNeverSeesAnInternalNoteOnThePage() {
    JsonObject p = Points.of("wls-04");
    String phone = "13800000077";
    JsonObject t = api.file(phone, Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon") - 0.0003, "路口路灯坏了 " + System.nanoTime()));
    String id = t.getString("id");
    String dispatcher = api.login("dispatcher");
    assertThat(api.act(id, "comment", dispatcher, new JsonObject().put("text", "PAGE-SECRET 住户很难缠")).status()).isEqualTo(200);
    assertThat(api.act(id, "urge", api.login("supervisor"), new JsonObject().put("note", "PAGE-SECRET 快办")).status()).isEqualTo(200);
    WebDriver d = phone();
    residentSignIn(d, base, phone);
    String card = "#my-requests article[data-ticket='" + id + "']";
    waitFor(d, By.cssSelector(card));
    // live: the worker's return reason and a public word arrive while the page is open
    String worker = api.login("worker-wls-04");
    assertThat(api.act(id, "return", worker, new JsonObject().put("reason", "PAGE-SECRET 不归我管")).status()).isEqualTo(200);
    assertThat(api.act(id, "comment", dispatcher, new JsonObject().put("text", "PUBLIC-WORD 正在安排").put("internal", false)).status()).isEqualTo(200);
    waitText(d, By.cssSelector(card), "PUBLIC-WORD");
    assertThat(d.getPageSource()).doesNotContain("PAGE-SECRET");
    d.navigate().refresh();
    waitText(d, By.cssSelector(card), "PUBLIC-WORD");
    assertThat(d.getPageSource()).doesNotContain("PAGE-SECRET");
  }

  @Test
  void theEnglishPageHasNoChineseOutsideNamesAndUserText() throws Exception {
    WebDriver d = sized(browser(1366, 900), 1366, 900);
    residentSignIn(d, base, "13800000078");
    js(d, "localStorage.setItem('lang', 'en')");
    d.navigate().refresh();
    waitText(d, By.id("call"), "One-tap call");
    JsonObject p = Points.of("jgm-02");
    click(d, By.cssSelector("#quick button[data-category=water_leak]"));
    clickMapAt(d, p.getDouble("lat"), p.getDouble("lon"));
    waitText(d, By.id("where"), "Grid");
    click(d, By.id("call")); // no description: the refusal in English
    waitText(d, By.id("description-error"), "required");
    new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> !x.findElements(By.cssSelector("#services details")).isEmpty());
    String shown = (String) js(d, "const c = document.body.cloneNode(true);"
        + " c.querySelectorAll('.user-text, .name, #lang, script, .leaflet-container').forEach((e) => e.remove()); return c.innerText;");
    List<String> chinese = shown.lines().filter(l -> l.matches(".*[\\u4e00-\\u9fff].*")).toList();
    assertThat(chinese).as("lines in Chinese on the English page").isEmpty();
    assertThat(d.getTitle()).doesNotContainPattern("[\\u4e00-\\u9fff]");
    screenshot(d, "resident-desk-en");
    sized(d, 390, 844);
    d.navigate().refresh();
    waitText(d, By.id("call"), "One-tap call");
    js(d, "window.scrollTo(0, 0)");
    screenshot(d, "resident-phone-en");
    js(d, "localStorage.setItem('lang', 'zh')");
    d.navigate().refresh();
    waitText(d, By.id("call"), "一键呼叫");
    sized(d, 1366, 900);
    d.navigate().refresh();
    waitText(d, By.id("call"), "一键呼叫");
    screenshot(d, "resident-desk-zh");
    js(d, "localStorage.removeItem('lang')");
    // the refusal asked for above is the only thing the browser logs
    assertThat(consoleErrors(d)).allMatch(e -> e.contains("/api/v1/tickets - Failed to load resource") && e.contains("400"));
  }

  @Test
  void theConnectionStateTellsTheTruthWhenTheBrowserGoesOffline() {
    WebDriver d = phone();
    residentSignIn(d, base, "13800000079");
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));
    assertThat(d.findElement(By.id("connection-banner")).isDisplayed()).isFalse();
    var cdp = (org.openqa.selenium.chrome.ChromeDriver) d;
    cdp.executeCdpCommand("Network.enable", java.util.Map.of());
    cdp.executeCdpCommand("Network.emulateNetworkConditions",
        java.util.Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    waitText(d, By.id("connection-banner"), "网络已断开");
    // a call made offline is not lost: what was typed stays, and the call is offered again
    click(d, By.cssSelector("#quick button[data-category=garbage]"));
    d.findElement(By.id("description")).sendKeys("垃圾桶满了");
    d.findElement(By.id("address")).sendKeys("三光街3号");
    click(d, By.id("call"));
    waitText(d, By.id("report-error"), "没有发出去");
    assertThat(d.findElement(By.id("description")).getAttribute("value")).isEqualTo("垃圾桶满了");
    assertThat(d.findElement(By.id("state")).getAttribute("class")).contains("closed");
    assertThat(d.findElement(By.id("state")).getText()).isEqualTo("已断开");
    cdp.executeCdpCommand("Network.emulateNetworkConditions",
        java.util.Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open")
        && !x.findElement(By.id("connection-banner")).isDisplayed());
    waitText(d, By.id("report-error"), "网络已恢复");
    click(d, By.id("call"));
    waitText(d, By.id("filed-number"), "CX-");
  }

  /**
   * The notification button: off until the resident asks; a browser that refuses says so and cannot be
   * pressed again; agreed, the browser's subscription is registered for this resident (the browser's
   * push service is stood in for inside the page: headless Chromium has none to reach), and off again
   * removes it from the server.
   */
  @Test
  void theNotificationButtonRegistersThisBrowserOnlyWhenAskedAndSaysWhereThingsStand() throws Exception {
    WebDriver d = phone();
    residentSignIn(d, base, "13800000079");
    waitFor(d, By.id("push"));
    new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(10))
        .until(x -> "off".equals(x.findElement(By.id("push")).getAttribute("data-state")));
    assertThat(text(d, By.id("push"))).isEqualTo("通知：未开启");
    String residentId = db.one("SELECT id FROM users WHERE phone = '13800000079'").getString("id");
    assertThat(db.count("SELECT count(*) FROM push_subscriptions WHERE user_id = $1", residentId)).isZero();
    screenshot(d, "resident-push-off");

    // the browser's push service, stood in for: a subscription of an FCM address with real keys
    java.security.KeyPair keys = org.griddispatch.notify.WebPush.generate();
    String p256dh = org.griddispatch.notify.WebPush.b64(org.griddispatch.notify.WebPush.raw((java.security.interfaces.ECPublicKey) keys.getPublic()));
    js(d, """
        window.__permission = 'denied';
        Notification.requestPermission = async () => window.__permission;
        let fake = null;
        PushManager.prototype.subscribe = async function (options) {
          const key = new Uint8Array(options.applicationServerKey);
          window.__serverKey = btoa(String.fromCharCode(...key));
          fake = { endpoint: 'https://fcm.googleapis.com/fcm/send/page-test-079', options,
            toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: arguments_p256dh, auth: 'AAECAwQFBgcICQoLDA0ODw' } }; },
            async unsubscribe() { fake = null; return true; } };
          return fake;
        };
        PushManager.prototype.getSubscription = async function () { return fake; };
        """.replace("arguments_p256dh", "'" + p256dh + "'"));

    // refused by the browser: said so, and not pressed again
    click(d, By.id("push"));
    waitText(d, By.id("push"), "通知已被浏览器拦截");
    assertThat(d.findElement(By.id("push")).isEnabled()).isFalse();
    assertThat(db.count("SELECT count(*) FROM push_subscriptions WHERE user_id = $1", residentId)).isZero();

    // agreed: registered for this resident, with the server's VAPID key
    js(d, "window.__permission = 'granted'; const b = document.getElementById('push'); b.disabled = false; b.dataset.state = 'off';");
    click(d, By.id("push"));
    waitText(d, By.id("push"), "通知：已开启");
    assertThat(db.awaitCount(vertx, 1, 10, "SELECT count(*) FROM push_subscriptions WHERE user_id = $1 AND endpoint LIKE '%page-test-079'",
        residentId)).isEqualTo(1);
    String served = api.get("/api/v1/push/key", api.resident("13800000079")).json().getString("publicKey");
    assertThat(java.util.Base64.getDecoder().decode((String) js(d, "return window.__serverKey")))
        .isEqualTo(org.griddispatch.notify.WebPush.unb64(served));
    assertThat(d.findElement(By.id("push")).getAttribute("aria-pressed")).isEqualTo("true");
    screenshot(d, "resident-push-on");

    // off again: gone from the server
    click(d, By.id("push"));
    waitText(d, By.id("push"), "通知：未开启");
    assertThat(db.count("SELECT count(*) FROM push_subscriptions WHERE user_id = $1", residentId)).isZero();
    assertThat(consoleErrors(d)).isEmpty();
  }
}
