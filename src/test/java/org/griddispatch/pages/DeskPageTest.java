package org.griddispatch.pages;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.type;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/**
 * The centre's desk in a real headless Chromium: a walk-in report filed at the window by keyboard
 * (the caller's earlier tickets shown as the phone is typed, the place picked on the map), and a
 * return visit recorded from the list of tickets awaiting one, bad ratings reviewed by a supervisor.
 */
class DeskPageTest extends PageTest {

  private static String phone() { return "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)); }

  private WebDriver centre() {
    WebDriver d = browser(1366, 900);
    Browsers.signIn(d, base + "/center", "dispatcher", "demo1234");
    waitFor(d, By.id("window-form"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> ((JavascriptExecutor) x).executeScript("return !!window.dispatchMap"));
    return d;
  }

  @Test
  void aWalkInReportIsFiledAtTheWindowByKeyboard() throws Exception {
    String phone = phone();
    JsonObject p = Points.of("wls-03");
    // the caller came before
    Api.Response earlier = api.post("/api/v1/tickets", api.login("dispatcher"), Api.report("noise", p.getDouble("lat"), p.getDouble("lon"),
        "楼上装修太吵").put("channel", "window").put("contact", new JsonObject().put("name", "王先生").put("phone", phone)));
    assertThat(earlier.status()).isEqualTo(201);
    WebDriver d = centre();

    type(d, By.id("w-name"), "王先生");
    type(d, By.id("w-phone"), phone);
    waitText(d, By.id("w-history"), earlier.json().getString("number"));
    new Select(d.findElement(By.id("w-entry"))).selectByValue("c:streetlight");
    String words = "楼下路灯整晚不亮 " + phone.substring(7);
    type(d, By.id("w-desc"), words);
    type(d, By.id("w-address"), "文林巷3号");
    clickMapAt(d, p.getDouble("lat"), p.getDouble("lon"));
    waitText(d, By.id("w-point"), ".");
    // Ctrl+Enter in the description files it
    d.findElement(By.id("w-desc")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    waitText(d, By.id("w-result"), "CX-");
    String number = d.findElement(By.id("w-result")).getAttribute("data-number");
    screenshot(d, "center-desk");

    JsonObject filed = api.get("/api/v1/tickets?q=" + number, api.login("dispatcher")).json().getJsonArray("items").getJsonObject(0);
    assertThat(filed.getString("channel")).isEqualTo("window");
    assertThat(filed.getString("category")).isEqualTo("streetlight");
    assertThat(filed.getString("description")).isEqualTo(words);
    assertThat(filed.getJsonObject("contact")).isEqualTo(new JsonObject().put("name", "王先生").put("phone", phone));
    assertThat(filed.getString("gridId")).isEqualTo("wls-03");
    assertThat(d.switchTo().activeElement().getAttribute("id")).as("ready for the next caller").isEqualTo("w-name");
    assertThat(consoleErrors(d)).isEmpty();
  }

  @Test
  void aReturnVisitIsRecordedFromTheCentresList() throws Exception {
    JsonObject p = Points.of("wls-03");
    JsonObject body = Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯闪烁，热线来电")
        .put("contact", new JsonObject().put("name", "李女士").put("phone", phone())).put("channel", "hotline12345");
    JsonObject t = api.call(HttpMethod.POST, "/api/v1/tickets", null, body, Map.of("X-Api-Key", "demo-hotline-key")).json();
    String worker = api.login("worker-wls-03");
    assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "已更换灯泡")).status()).isEqualTo(200);
    WebDriver d = centre();

    By card = By.cssSelector("#visits article[data-ticket='" + t.getString("id") + "']");
    WebElement visit = waitFor(d, card);
    new Select(visit.findElement(By.cssSelector("select[data-field=rating]"))).selectByValue("good");
    visit.findElement(By.cssSelector("input[data-field=comment]")).sendKeys("很满意");
    click(d, By.cssSelector("#visits article[data-ticket='" + t.getString("id") + "'] button[type=submit]"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElements(card).isEmpty());

    JsonObject after = api.get("/api/v1/tickets/" + t.getString("id"), api.login("dispatcher")).json();
    assertThat(after.getJsonObject("rating").getString("rating")).isEqualTo("good");
    assertThat(after.getJsonObject("rating").getString("comment")).isEqualTo("很满意");
    assertThat(after.getString("visitedAt")).isNotNull();
    d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    screenshot(d, "center-desk-phone");
    assertThat(consoleErrors(d)).isEmpty();
  }

  /** Two reports of one caller found by the phone, merged from the search's bulk bar into the one that stays. */
  @Test
  void twoReportsFoundByTheCallersPhoneAreMergedInBulk() throws Exception {
    String caller = phone();
    String[] ids = new String[2];
    String[] grids = {"wls-01", "bts-03"};
    for (int i = 0; i < 2; i++) {
      JsonObject p = Points.of(grids[i]);
      JsonObject body = Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾没人清 " + i)
          .put("contact", new JsonObject().put("name", "周先生").put("phone", caller)).put("channel", "hotline12345");
      ids[i] = api.call(HttpMethod.POST, "/api/v1/tickets", null, body, Map.of("X-Api-Key", "demo-hotline-key")).json().getString("id");
    }
    WebDriver d = centre();
    type(d, By.id("q"), caller);
    click(d, By.cssSelector("#search button[type=submit]"));
    for (String id : ids) click(d, By.cssSelector("article[data-ticket='" + id + "'] input.pick"));
    new Select(waitFor(d, By.id("bulk-action"))).selectByValue("merge");
    new Select(waitFor(d, By.id("bulk-into"))).selectByValue(ids[0]);
    click(d, By.id("bulk-apply"));
    waitText(d, By.id("bulk-result"), "成功 1");
    JsonObject merged = api.get("/api/v1/tickets/" + ids[1], api.login("dispatcher")).json();
    assertThat(merged.getString("status")).isEqualTo("merged");
    assertThat(merged.getString("duplicateOf")).isEqualTo(ids[0]);
    assertThat(api.get("/api/v1/tickets/" + ids[0], api.login("dispatcher")).json().getString("status")).isNotEqualTo("merged");
    assertThat(consoleErrors(d)).isEmpty();
  }

  /**
   * 差评复核 from the supervisor's desk: one bad rating upheld and sent back to be redone, another
   * found unreasonable and left out of the satisfaction rate, each by keyboard with its reason.
   */
  @Test
  void aSupervisorReviewsBadRatingsFromTheDesk() throws Exception {
    String dispatcher = api.login("dispatcher");
    String[] ids = new String[2];
    for (int i = 0; i < 2; i++) {
      JsonObject p = Points.of("wls-02");
      JsonObject body = Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯不亮，来电反映 " + i)
          .put("contact", new JsonObject().put("name", "赵先生").put("phone", phone())).put("channel", "hotline12345");
      ids[i] = api.call(HttpMethod.POST, "/api/v1/tickets", null, body, Map.of("X-Api-Key", "demo-hotline-key")).json().getString("id");
      String worker = api.login(api.usernameOf(api.get("/api/v1/tickets/" + ids[i], dispatcher).json().getString("assigneeId")));
      assertThat(api.act(ids[i], "accept", worker, null).status()).isEqualTo(200);
      assertThat(api.act(ids[i], "resolve", worker, new JsonObject().put("note", "已修")).status()).isEqualTo(200);
      assertThat(api.act(ids[i], "close", dispatcher, null).status()).isEqualTo(200);
      assertThat(api.act(ids[i], "visit", dispatcher, new JsonObject().put("reached", true).put("rating", "bad")
          .put("comment", "根本没修好")).status()).isEqualTo(200);
    }
    WebDriver d = browser(1366, 900);
    Browsers.signIn(d, base + "/center", "supervisor", "demo1234");

    // upheld, sent back to be redone: the checkbox and the reason reached by keyboard
    By upheldCard = By.cssSelector("#reviews article[data-ticket='" + ids[0] + "']");
    WebElement card = waitFor(d, upheldCard);
    ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", card);
    screenshot(d, "center-review-card");
    new Select(card.findElement(By.cssSelector("select[data-field=verdict]"))).selectByValue("upheld");
    WebElement redo = card.findElement(By.cssSelector("input[data-field=redo]"));
    redo.sendKeys(Keys.SPACE);
    assertThat(redo.isSelected()).isTrue();
    WebElement reason = card.findElement(By.cssSelector("input[data-field=reason]"));
    reason.sendKeys("现场复查确实未修复");
    reason.sendKeys(Keys.ENTER);
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElements(upheldCard).isEmpty());

    // unreasonable: the redo box cannot be ticked for it
    By unreasonableCard = By.cssSelector("#reviews article[data-ticket='" + ids[1] + "']");
    card = waitFor(d, unreasonableCard);
    new Select(card.findElement(By.cssSelector("select[data-field=verdict]"))).selectByValue("unreasonable");
    assertThat(card.findElement(By.cssSelector("input[data-field=redo]")).isEnabled()).isFalse();
    card.findElement(By.cssSelector("input[data-field=reason]")).sendKeys("诉求超出服务范围");
    click(d, By.cssSelector("#reviews article[data-ticket='" + ids[1] + "'] button[type=submit]"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> x.findElements(unreasonableCard).isEmpty());

    JsonObject redone = api.get("/api/v1/tickets/" + ids[0], dispatcher).json();
    assertThat(redone.getString("status")).isEqualTo("reopened");
    assertThat(redone.getJsonObject("rating").getJsonObject("review"))
        .isEqualTo(new JsonObject().put("verdict", "upheld").put("reason", "现场复查确实未修复"));
    JsonObject excluded = api.get("/api/v1/tickets/" + ids[1], dispatcher).json();
    assertThat(excluded.getString("status")).isEqualTo("closed");
    assertThat(excluded.getJsonObject("rating").getJsonObject("review"))
        .isEqualTo(new JsonObject().put("verdict", "unreasonable").put("reason", "诉求超出服务范围"));
    screenshot(d, "center-reviews");
    assertThat(consoleErrors(d)).isEmpty();
  }

  @Test
  void theMonthlyReportIsAPrintablePage() throws Exception {
    WebDriver d = browser(1366, 900);
    Browsers.signIn(d, base + "/report.html?month=" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString().substring(0, 7),
        "supervisor", "demo1234");
    waitFor(d, By.cssSelector("table.ranking tbody tr"));
    waitFor(d, By.cssSelector("[data-kpi=satisfactionRate]"));
    screenshot(d, "report");
    assertThat(consoleErrors(d)).isEmpty();
  }

  /** Clicks the map where a place is, as a person would. */
  static void clickMapAt(WebDriver d, double lat, double lon) {
    WebElement map = waitFor(d, By.id("map"));
    ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", map);
    @SuppressWarnings("unchecked")
    List<Number> pt = (List<Number>) ((JavascriptExecutor) d).executeScript(
        "const p = window.dispatchMap.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];", lat, lon);
    new Actions(d).moveToElement(map, pt.get(0).intValue() - map.getSize().getWidth() / 2,
        pt.get(1).intValue() - map.getSize().getHeight() / 2).click().perform();
  }
}
