package org.griddispatch.pages;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.type;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/**
 * The staff pages in English, with real work on screen: the command centre (its dispatch queue, the
 * desk's forms, a search, webhook delivery health), the worker terminal on a phone, the admin page's
 * every tab and the monthly report. Outside names and what people wrote (marked {@code .name} and
 * {@code .user-text}) no line is in Chinese, nor the title. Screenshots go to target/screenshots.
 */
class EnglishPagesTest extends PageTest {
  static final List<String> webhooks = new ArrayList<>();

  @AfterAll
  static void deleteWebhooks() {
    // other tests' tickets are not delivered to a receiver that is not there
    for (String id : webhooks) api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + id, api.login("admin"), null, null);
  }

  static Object js(WebDriver d, String script) { return ((JavascriptExecutor) d).executeScript(script); }

  /** A screenshot of the whole page (up to 3000 pixels tall), the window then set back to its size. */
  static void wholePage(WebDriver d, String name, int width, int height) throws Exception {
    js(d, "window.scrollTo(0, 0)");
    long tall = Math.min(3000, ((Number) js(d, "return document.documentElement.scrollHeight")).longValue());
    int h = (int) Math.max(height, tall);
    sized(d, width, h);
    new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> ((Number) js(x, "return window.innerHeight")).intValue() == h);
    screenshot(d, name);
    sized(d, width, height);
  }

  /** The page's text without names and what people wrote, its lines in Chinese, and its title. */
  static void assertNoChinese(WebDriver d, String page) {
    String shown = (String) js(d, "const c = document.body.cloneNode(true);"
        + " c.querySelectorAll('.user-text, .name, #lang, script, .leaflet-container').forEach((e) => e.remove()); return c.innerText;");
    assertThat(shown.lines().filter(l -> l.matches(".*[\\u4e00-\\u9fff].*")).toList()).as("lines in Chinese on the English " + page).isEmpty();
    assertThat(d.getTitle()).as(page + "'s title").doesNotContainPattern("[\\u4e00-\\u9fff]");
  }

  static void english(WebDriver d) {
    js(d, "localStorage.setItem('lang', 'en')");
    d.navigate().refresh();
  }

  private String workerOf(JsonObject t) {
    return api.usernameOf(t.getString("assigneeId"));
  }

  private static JsonObject file(String phone, String category, String grid, String words, String address) {
    JsonObject p = Points.of(grid);
    return api.file(phone, Api.report(category, p.getDouble("lat"), p.getDouble("lon"), words).put("address", address));
  }

  /** The centre's header in one row (title, connection, the report's link, language) on a phone and at a desk. */
  private static void centreHeader(WebDriver d, String language) throws Exception {
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));
    for (int[] size : new int[][] {{390, 844}, {1366, 900}}) {
      resize(d, size[0], size[1]);
      assertHeaderInOneRow(d, "the centre, " + language + " " + size[0] + "px");
      assertThat(((Number) js(d, "const h = document.getElementById('title'); return h.scrollWidth - h.clientWidth")).intValue())
          .as("the centre's title whole, " + language + " " + size[0] + "px").isLessThanOrEqualTo(0);
      js(d, "window.scrollTo(0, 0)");
      screenshot(d, "center-header-" + language + "-" + size[0]);
    }
    assertThat(d.findElement(By.id("report-link")).getAttribute("href")).endsWith("/report.html");
  }

  @Test
  void theCentreInEnglishWithItsQueueDeskAndWebhookHealth() throws Exception {
    String admin = api.login("admin");
    Api.Response hook = api.post("/api/v1/admin/webhooks", admin,
        new JsonObject().put("url", "http://127.0.0.1:9/hook").put("events", new JsonArray().add("*")).put("secret", "a-secret-of-sixteen+"));
    assertThat(hook.status()).isEqualTo(201);
    String hookId = hook.json().getString("id");
    webhooks.add(hookId);
    // a ticket on a worker's hands, and one its worker returned to the centre's queue
    JsonObject held = file("13800000091", "gas_leak", "sgj-02", "楼道里燃气味很重", "三光街9号");
    JsonObject back = file("13800000092", "streetlight", "sgj-03", "路灯不亮已经三天", "三光街12号");
    assertThat(api.act(back.getString("id"), "return", api.login(workerOf(back)), new JsonObject().put("reason", "不属于本网格")).status())
        .isEqualTo(200);

    WebDriver d = sized(browser(1366, 900), 1366, 900);
    Browsers.signIn(d, base + "/center", "dispatcher", "demo1234");
    waitFor(d, By.id("window-form"));
    english(d);
    waitText(d, By.id("title"), "Command centre");
    String queued = "#dispatch article[data-ticket='" + back.getString("id") + "']";
    waitText(d, By.cssSelector(queued + " .status"), "Returned");
    waitText(d, By.cssSelector(queued + " .category"), "Street");
    String card = "#webhooks article[data-webhook='" + hookId + "']";
    waitText(d, By.cssSelector(card), "waiting");
    assertThat(d.findElement(By.cssSelector(card + " .endpoint")).getText()).isEqualTo("http://127.0.0.1:9/hook");
    assertThat(d.findElement(By.id("webhooks-total")).getText()).startsWith("All: waiting");
    // the desk at work: a service item's form, a search with its correct and note forms
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("w-entry"))).selectByValue("s:childcare_subsidy");
    waitFor(d, By.cssSelector("#w-materials input[data-material]"));
    type(d, By.id("q"), held.getString("number"));
    click(d, By.cssSelector("#search button[type=submit]"));
    waitFor(d, By.cssSelector("#results article[data-ticket='" + held.getString("id") + "'] form.correct"));
    waitText(d, By.cssSelector("#results article[data-ticket='" + held.getString("id") + "'] .status"), "Assigned");
    assertNoChinese(d, "centre");
    wholePage(d, "center-en", 1366, 900);
    centreHeader(d, "en");

    // the switch back to Chinese: the same page in Chinese
    click(d, By.id("lang"));
    waitText(d, By.id("title"), "综治中心");
    waitText(d, By.cssSelector(card), "待送");
    waitText(d, By.cssSelector(queued + " .status"), "已退单");
    assertThat(d.getTitle()).isEqualTo("综治中心");
    new org.openqa.selenium.support.ui.Select(d.findElement(By.id("w-entry"))).selectByValue("s:childcare_subsidy");
    type(d, By.id("q"), held.getString("number"));
    click(d, By.cssSelector("#search button[type=submit]"));
    waitFor(d, By.cssSelector("#results article[data-ticket='" + held.getString("id") + "'] form.correct"));
    wholePage(d, "center-zh", 1366, 900);
    centreHeader(d, "zh");
    // the network gone: the red bar sits right under the header, the page scrolled
    resize(d, 390, 844);
    ((ChromeDriver) d).executeCdpCommand("Network.enable", Map.of());
    ((ChromeDriver) d).executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    waitText(d, By.id("connection-banner"), "网络已断开");
    assertBannerUnderHeader(d, "the centre, zh 390px, offline");
    screenshot(d, "center-banner-zh-390-scrolled");
    ((ChromeDriver) d).executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> !x.findElement(By.id("connection-banner")).isDisplayed());
    resize(d, 1366, 900);

    // no webhooks: said so
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + hookId, admin, null, null).status()).isEqualTo(204);
    webhooks.remove(hookId);
    english(d);
    waitText(d, By.id("webhooks-empty"), "No webhooks");
    // the health cannot be asked: said so, the rest of the page works
    ((ChromeDriver) d).executeCdpCommand("Network.enable", Map.of());
    ((ChromeDriver) d).executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*webhooks/health*")));
    d.navigate().refresh();
    waitText(d, By.id("webhooks-error"), "Could not load");
    waitText(d, By.cssSelector(queued + " .status"), "Returned");
    ((ChromeDriver) d).executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    js(d, "localStorage.removeItem('lang')");
    assertThat(consoleErrors(d)).allMatch(e -> e.contains("webhooks/health"));
  }

  @Test
  void theWorkerTerminalInEnglishOnAPhone() throws Exception {
    JsonObject first = file("13800000093", "water_leak", "dxm-04", "厨房水管漏水", "东兴路8号2单元");
    String worker = workerOf(first);
    JsonObject second = file("13800000094", "gas_leak", "dxm-04", "楼下有燃气味", "东兴路10号");
    assertThat(workerOf(second)).isEqualTo(worker);
    String token = api.login(worker);
    assertThat(api.act(second.getString("id"), "accept", token, null).status()).isEqualTo(200);

    WebDriver d = sized(browser(390, 844), 390, 844);
    Browsers.signIn(d, base + "/worker", worker, "demo1234");
    waitFor(d, By.cssSelector("#queue article[data-ticket='" + first.getString("id") + "']"));
    english(d);
    String opened = "#queue article[data-ticket='" + second.getString("id") + "']";
    waitText(d, By.cssSelector(opened + " .status"), "Accepted");
    waitText(d, By.id("title"), "Grid worker");
    click(d, By.cssSelector(opened + " .details-toggle"));
    waitFor(d, By.cssSelector(opened + " form.resolve"));
    // the centre's reply templates (常用语) for resolutions fill the note
    String phrase = "经现场核实，问题已处理完毕，已向反映人反馈。";
    waitFor(d, By.cssSelector(opened + " form.resolve select.templates option[value='" + phrase + "']"));
    new org.openqa.selenium.support.ui.Select(d.findElement(By.cssSelector(opened + " form.resolve select.templates"))).selectByValue(phrase);
    assertThat(d.findElement(By.cssSelector(opened + " form.resolve input[data-tp=note]")).getAttribute("value")).isEqualTo(phrase);
    waitFor(d, By.cssSelector(opened + " .timeline"));
    assertNoChinese(d, "worker terminal");
    js(d, "window.scrollTo(0, 0)");
    screenshot(d, "worker-phone-en");
    click(d, By.id("tab-patrol"));
    waitFor(d, By.id("patrol-form"));
    screenshot(d, "worker-phone-patrol-en");
    // the header's switch turns the open terminal to Chinese in place
    click(d, By.id("lang"));
    waitText(d, By.id("title"), "网格员终端");
    click(d, By.id("tab-queue"));
    waitText(d, By.cssSelector(opened + " .status"), "已签收");
    assertThat(d.getTitle()).isEqualTo("网格员终端");
    js(d, "localStorage.removeItem('lang')");
    // (the browser's own search for a position finds no network location service here: the browser's, not the page's)
    assertThat(consoleErrors(d)).allMatch(e -> e.contains("Network location provider"));
  }

  @Test
  void theAdminPageInEnglishOnEveryTab() throws Exception {
    WebDriver d = sized(browser(1366, 900), 1366, 900);
    Browsers.signIn(d, base + "/admin#users", "admin", "admin-test-pw");
    waitFor(d, By.cssSelector("#users tr[data-user]"));
    english(d);
    waitText(d, By.id("title"), "Administration");
    waitFor(d, By.cssSelector("#users tr[data-user='worker-jgm-01'] button.edit"));
    // (the table scrolls sideways on this screen: its button pressed where it is)
    js(d, "document.querySelector(\"#users tr[data-user='worker-jgm-01'] button.edit\").click()");
    waitFor(d, By.id("roster"));
    assertNoChinese(d, "admin page (users)");
    screenshot(d, "admin-en");
    for (String tab : List.of("grids", "catalogue", "calendar", "audit")) {
      js(d, "window.scrollTo(0, 0)");
      click(d, By.id("tab-" + tab));
      waitFor(d, By.id("view-" + tab));
      switch (tab) {
        case "grids" -> waitFor(d, By.cssSelector("#grid-list li"));
        case "catalogue" -> {
          waitFor(d, By.cssSelector("#categories-list tr[data-key='gas_leak']"));
          js(d, "document.querySelector(\"#categories-list tr[data-key='gas_leak'] button.edit\").click()");
          waitFor(d, By.id("questions"));
        }
        case "calendar" -> waitFor(d, By.id("calendar-form"));
        default -> waitFor(d, By.cssSelector("#audit-list table"));
      }
      assertNoChinese(d, "admin page (" + tab + ")");
      screenshot(d, "admin-" + tab + "-en");
    }
    js(d, "window.scrollTo(0, 0)");
    click(d, By.id("lang"));
    waitText(d, By.id("title"), "系统管理");
    waitText(d, By.id("tab-audit"), "审计日志");
    assertThat(d.getTitle()).isEqualTo("系统管理");
    js(d, "localStorage.removeItem('lang')");
    assertThat(consoleErrors(d)).allMatch(e -> e.contains("roster") && e.contains("404"));
  }

  @Test
  void theMonthlyReportInEnglish() throws Exception {
    file("13800000095", "noise", "jgm-04", "楼上夜里很吵", "建国路3号");
    WebDriver d = sized(browser(1366, 900), 1366, 900);
    Browsers.signIn(d, base + "/report.html?month=" + LocalDate.now(ZoneId.of("Asia/Shanghai")).toString().substring(0, 7),
        "supervisor", "demo1234");
    waitFor(d, By.cssSelector("table.ranking tbody tr"));
    english(d);
    waitText(d, By.id("title"), "Monthly report");
    waitFor(d, By.cssSelector("table.ranking tbody tr"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElement(By.cssSelector("[data-kpi=received] .muted")).getText().equals("Received"));
    assertNoChinese(d, "monthly report");
    screenshot(d, "report-en");
    click(d, By.id("lang"));
    waitText(d, By.id("title"), "月度报告");
    waitText(d, By.cssSelector("[data-kpi=received] .muted"), "受理");
    assertThat(d.getTitle()).isEqualTo("一网统管月度报告");
    js(d, "localStorage.removeItem('lang')");
    assertThat(consoleErrors(d)).isEmpty();
  }
}
