package org.griddispatch.pages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.AdminNode;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;
import org.griddispatch.support.TestData;

/**
 * The administrator's page in a real headless Chromium, on the admin tests' own node: a grid file
 * with two overlapping grids is refused with the reason next to the feature and nothing changes; the
 * fixed file applies and the map shows the new set; a grid gets a backup by clicking it; its worker
 * goes off duty with a field error shown first; the next ticket in that grid goes to the backup,
 * whose terminal sees it arrive. Everything is put back afterwards. Screenshots go to
 * target/screenshots.
 */
class AdminPageTest extends AdminNode {
  static final List<WebDriver> drivers = new ArrayList<>();

  static WebDriver browser(int width, int height) { return Browsers.open(drivers, width, height); }
  static String base;
  static JsonObject original;
  static JsonObject calendar;

  @BeforeAll
  static void browsers() {
    Browsers.assumeInstalled();
    base = "http://127.0.0.1:" + node.port();
    original = api.get("/api/v1/grids", api.login("admin")).json();
    calendar = api.get("/api/v1/admin/calendar", api.login("admin")).json();
  }

  /** The grids, their backups and the worker's switch as they were: the other admin tests share this node. */
  @org.junit.jupiter.api.extension.RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher EVIDENCE = Browsers.evidence(drivers, "failure-admin-");

  @AfterAll
  static void putBack() {
    drivers.forEach(WebDriver::quit);
    String admin = api.login("admin");
    if (original != null) assertThat(put("/api/v1/admin/grids", admin, original).status()).isEqualTo(200);
    patch("/api/v1/admin/users/" + userId("worker-dxm-02"), admin, new JsonObject().put("onDuty", true));
    if (calendar != null) assertThat(put("/api/v1/admin/calendar", admin, calendar).status()).isEqualTo(200);
    api.call(io.vertx.core.http.HttpMethod.DELETE, "/api/v1/admin/users/" + userId("worker-bts-03") + "/roster", admin, null, null);
  }

  /** Opens a tab of the page (scrolled to the top first, as its header covers what is under it). */
  static void tab(WebDriver d, String name) {
    ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0)");
    click(d, By.id("tab-" + name));
  }

  static void signIn(WebDriver d, String page, String username, String password) {
    Browsers.signIn(d, base + page, username, password);
  }

  /**
   * Script errors and refusals of the Content-Security-Policy; the answers this test provokes on
   * purpose (the refused grid set and phone: 400; a worker without a roster: 404) are the network's, not the page's.
   */
  static List<String> consoleErrors(WebDriver d) {
    return Browsers.consoleErrors(d).stream()
        .filter(m -> !m.matches("(?s).*/api/v1/admin/(grids|users/[^ ]+|categories/[^ ]+) - Failed to load resource: .* (400|404) .*")).toList();
  }

  /** A copy of a grid's feature moved by {@code dLat} degrees, under another id. */
  static JsonObject moved(JsonObject feature, String id, double dLat) {
    JsonObject f = feature.copy();
    f.put("id", id);
    f.getJsonObject("properties").put("id", id).put("name", "新网格 " + id).put("nameEn", "New grid " + id)
        .put("workerIds", new JsonArray()).put("backupWorkerIds", new JsonArray());
    JsonArray ring = f.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    JsonArray shifted = new JsonArray();
    ring.forEach(p -> shifted.add(new JsonArray().add(((JsonArray) p).getDouble(0)).add(((JsonArray) p).getDouble(1) + dLat)));
    f.getJsonObject("geometry").put("coordinates", new JsonArray().add(shifted));
    return f;
  }

  static Path file(String name, JsonObject set) throws Exception {
    Path p = TestData.directory("grids-").resolve(name);
    Files.writeString(p, set.encodePrettily());
    return p;
  }

  static int activeGrids() { return api.get("/api/v1/grids", api.login("admin")).json().getJsonArray("features").size(); }

  @Test
  void gridsAreCheckedBeforeTheyApplyAndDutyReachesTheWorkersTerminal() throws Exception {
    int before = activeGrids();
    JsonArray features = original.getJsonArray("features");
    JsonObject first = features.getJsonObject(0);

    WebDriver desk = browser(1440, 1000);
    signIn(desk, "/admin#grids", "admin", "admin-test-pw");
    waitFor(desk, By.cssSelector("#map[data-grids*='" + first.getJsonObject("properties").getString("id") + "']"));

    // a file whose new grid overlaps the first: the reason next to that feature, nothing applied
    JsonObject bad = original.copy();
    bad.getJsonArray("features").add(moved(first, "new-01", 0.0004));
    desk.findElement(By.id("grid-file")).sendKeys(file("overlap.geojson", bad).toString());
    click(desk, By.id("apply-grids"));
    waitText(desk, By.cssSelector("#pending-features li.bad"), "overlaps");
    waitText(desk, By.id("pending-error"), "未应用");
    screenshot(desk, "admin-grids-error");
    assertThat(activeGrids()).isEqualTo(before);
    assertThat(desk.findElement(By.id("map")).getAttribute("data-grids")).doesNotContain("new-01");

    // the fixed file (the new grid away from the others) applies: the map shows the new set
    JsonObject good = original.copy();
    good.getJsonArray("features").add(moved(first, "new-01", 0.05));
    desk.findElement(By.id("grid-file")).sendKeys(file("fixed.geojson", good).toString());
    click(desk, By.id("apply-grids"));
    waitFor(desk, By.cssSelector("#map[data-grids*='new-01']"));
    waitText(desk, By.id("grids-status"), "新增 1");
    assertThat(activeGrids()).isEqualTo(before + 1);
    waitFor(desk, By.cssSelector("#grid-list li[data-grid='new-01']"));
    screenshot(desk, "admin-grids");

    // dxm-02 gets a backup: click the grid, tick worker-dxm-03 among the backups, apply
    String backup = userId("worker-dxm-03");
    click(desk, By.cssSelector("#grid-list li[data-grid='dxm-02'] button"));
    click(desk, By.cssSelector("#staff-form #backupWorkerIds-" + backup));
    click(desk, By.cssSelector("#staff-form button[type=submit]"));
    waitText(desk, By.id("grids-status"), "调整人员 1");
    JsonObject dxm02 = api.get("/api/v1/grids", api.login("admin")).json().getJsonArray("features").stream().map(o -> (JsonObject) o)
        .filter(f -> "dxm-02".equals(f.getJsonObject("properties").getString("id"))).findFirst().orElseThrow();
    assertThat(dxm02.getJsonObject("properties").getJsonArray("backupWorkerIds").getList()).containsExactly(backup);

    // the backup's terminal is open
    WebDriver terminal = browser(412, 915);
    signIn(terminal, "/worker", "worker-dxm-03", "demo1234");
    waitFor(terminal, By.id("queue"));
    new WebDriverWait(terminal, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));

    // the grid's worker goes off duty; a bad phone first shows its reason by the field and changes nothing
    tab(desk, "users");
    new Select(waitFor(desk, By.id("filter-grid"))).selectByValue("dxm-02");
    click(desk, By.cssSelector("tr[data-user='worker-dxm-02'] button.edit"));
    WebElement phone = waitFor(desk, By.cssSelector("#edit-user input[name=phone]"));
    String phoneBefore = phone.getAttribute("value");
    phone.clear();
    phone.sendKeys("123");
    click(desk, By.cssSelector("#edit-user input[name=onDuty]"));
    click(desk, By.cssSelector("#edit-user button[type=submit]"));
    waitText(desk, By.cssSelector("#edit-user .field-error[data-field=phone]"), "11");
    assertThat(api.get("/api/v1/admin/users?gridId=dxm-02", api.login("admin")).json().getJsonArray("items").getJsonObject(0)
        .getBoolean("onDuty")).isTrue();
    WebElement phone2 = desk.findElement(By.cssSelector("#edit-user input[name=phone]"));
    phone2.clear();
    phone2.sendKeys(phoneBefore);
    click(desk, By.cssSelector("#edit-user button[type=submit]"));
    waitText(desk, By.id("user-status"), "已保存");
    waitFor(desk, By.cssSelector("tr[data-user='worker-dxm-02'] td.off"));
    screenshot(desk, "admin-users");

    // the next ticket in dxm-02 goes to the backup, whose terminal shows it
    JsonObject p = Points.of("dxm-02");
    JsonObject ticket = api.file("13800000019", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾堆积"));
    assertThat(ticket.getString("assigneeId")).isEqualTo(backup);
    waitText(terminal, By.id("new-ticket"), ticket.getString("number"));
    screenshot(terminal, "admin-effect-worker");

    // the audit log lists the changes, by name
    tab(desk, "audit");
    new Select(waitFor(desk, By.id("audit-action"))).selectByValue("user.change");
    click(desk, By.cssSelector("#audit-filter button[type=submit]"));
    waitText(desk, By.id("audit-list"), "人员变更");
    waitText(desk, By.id("audit-list"), dxm02Worker());
    screenshot(desk, "admin-audit");

    // the same page on a phone, in English
    WebDriver small = browser(412, 915);
    signIn(small, "/admin#users", "admin", "admin-test-pw");
    click(small, By.id("lang"));
    waitText(small, By.id("tab-users"), "Users and duty");
    waitFor(small, By.cssSelector("tr[data-user='worker-dxm-02']"));
    screenshot(small, "admin-phone-users");
    tab(small, "grids");
    waitFor(small, By.cssSelector("#map[data-grids*='new-01']"));
    screenshot(small, "admin-phone-grids");
    tab(small, "catalogue");
    waitFor(small, By.cssSelector("#categories tr[data-key='gas_leak']"));
    tab(desk, "catalogue");
    waitFor(desk, By.cssSelector("#categories tr[data-key='gas_leak']"));
    click(desk, By.cssSelector("#categories tr[data-key='gas_leak'] button.edit"));
    screenshot(desk, "admin-catalogue");
    tab(desk, "calendar");
    waitFor(desk, By.id("calendar-form"));
    screenshot(desk, "admin-calendar");

    ((JavascriptExecutor) small).executeScript("localStorage.removeItem('lang')");
    for (WebDriver d : List.of(desk, terminal, small)) assertThat(consoleErrors(d)).as(d.getCurrentUrl()).isEmpty();
  }

  @Test
  void aCategoryWithItsQuestionsTheCalendarAndARosterAreEditedInFormsThatShowTheirReasons() throws Exception {
    String admin = api.login("admin");
    WebDriver desk = browser(1440, 1000);
    signIn(desk, "/admin#catalogue", "admin", "admin-test-pw");
    waitFor(desk, By.cssSelector("#categories tr[data-key='gas_leak']"));

    // a new category with a question whose code is not one: the reason by that input, nothing created
    click(desk, By.cssSelector("#categories button.new"));
    WebElement form = waitFor(desk, By.id("categories-form"));
    form.findElement(By.name("code")).sendKeys("stray_dogs");
    form.findElement(By.name("name")).sendKeys("流浪犬");
    form.findElement(By.name("nameEn")).sendKeys("Stray dogs");
    new Select(form.findElement(By.name("priority"))).selectByValue("high");
    for (String[] v : new String[][] {{"sla.respondMinutes", "30"}, {"sla.reportInMinutes", "60"}, {"sla.resolveMinutes", "1440"},
        {"sla.ratingWindowHours", "72"}}) {
      WebElement minutes = form.findElement(By.name(v[0]));
      minutes.clear();
      minutes.sendKeys(v[1]);
    }
    click(desk, By.id("add-question"));
    WebElement question = waitFor(desk, By.cssSelector("#questions li:last-child"));
    question.findElement(By.name("code")).sendKeys("Dog Count");
    question.findElement(By.name("description")).sendKeys("有几只狗？");
    new Select(question.findElement(By.name("datatype"))).selectByValue("singlevaluelist");
    question.findElement(By.name("values")).sendKeys("one 一只\nmany 多只");
    click(desk, By.cssSelector("#categories-form button[type=submit]"));
    waitFor(desk, By.cssSelector("#questions .field-error[data-field='attributes[0].code']"));
    screenshot(desk, "admin-category-question-error");
    assertThat(codes(api.get("/api/v1/categories", admin).json())).doesNotContain("stray_dogs");

    // fixed: created whole, its question with both choices
    WebElement code = desk.findElement(By.cssSelector("#questions li:last-child input[name='attributes[0].code']"));
    code.clear();
    code.sendKeys("dog_count");
    click(desk, By.cssSelector("#categories-form button[type=submit]"));
    waitFor(desk, By.cssSelector("#categories tr[data-key='stray_dogs']"));
    waitText(desk, By.id("categories-editor"), "已保存");
    JsonObject created = api.get("/api/v1/categories", admin).json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(c -> "stray_dogs".equals(c.getString("code"))).findFirst().orElseThrow();
    assertThat(created.getJsonObject("sla").getInteger("resolveMinutes")).isEqualTo(1440);
    JsonObject asked = created.getJsonArray("attributes").getJsonObject(0);
    assertThat(asked.getString("code")).isEqualTo("dog_count");
    assertThat(asked.getJsonArray("values").getJsonObject(1).getString("name")).isEqualTo("多只");
    screenshot(desk, "admin-category-questions");

    // the calendar: a holiday added with the keyboard, saved
    tab(desk, "calendar");
    WebElement day = waitFor(desk, By.id("holidays-date"));
    ((JavascriptExecutor) desk).executeScript("arguments[0].value = '2026-12-24'", day);
    day.sendKeys(org.openqa.selenium.Keys.ENTER);
    waitFor(desk, By.cssSelector("#holidays li[data-date='2026-12-24']"));
    click(desk, By.cssSelector("#calendar-form button[type=submit]"));
    waitText(desk, By.id("calendar-status"), "已保存");
    assertThat(api.get("/api/v1/admin/calendar", admin).json().getJsonArray("holidays").getList()).contains("2026-12-24");

    // a worker's roster: an impossible shift is refused by its day, a good one saved, then taken away again
    tab(desk, "users");
    new Select(waitFor(desk, By.id("filter-grid"))).selectByValue("bts-03");
    click(desk, By.cssSelector("tr[data-user='worker-bts-03'] button.edit"));
    WebElement monday = waitFor(desk, By.id("day-mon"));
    waitText(desk, By.id("roster-status"), "未排班");
    monday.sendKeys("25:00-26:00");
    click(desk, By.cssSelector("#roster button[type=submit]"));
    waitFor(desk, By.cssSelector("#roster .field-error[data-field^='weekly.mon']"));
    String roster = "/api/v1/admin/users/" + userId("worker-bts-03") + "/roster";
    assertThat(api.get(roster, admin).status()).isEqualTo(404);
    monday.clear();
    monday.sendKeys("08:30-12:00, 13:30-17:30");
    click(desk, By.cssSelector("#roster button[type=submit]"));
    waitText(desk, By.id("roster-status"), "已保存");
    assertThat(desk.findElements(By.cssSelector("#roster .field-error"))).isEmpty();
    assertThat(api.get(roster, admin).json().getJsonObject("weekly").getJsonArray("mon").getJsonObject(1).getString("from")).isEqualTo("13:30");
    screenshot(desk, "admin-roster");
    click(desk, By.cssSelector("#roster button[type=button]"));
    waitText(desk, By.id("roster-status"), "未排班");
    assertThat(api.get(roster, admin).status()).isEqualTo(404);

    // the audit log names what changed
    tab(desk, "audit");
    new Select(waitFor(desk, By.id("audit-action"))).selectByValue("category.change");
    click(desk, By.cssSelector("#audit-filter button[type=submit]"));
    waitText(desk, By.id("audit-list"), "流浪犬");
    new Select(desk.findElement(By.id("audit-action"))).selectByValue("roster.delete");
    click(desk, By.cssSelector("#audit-filter button[type=submit]"));
    waitText(desk, By.id("audit-list"), "删除排班");
    assertThat(consoleErrors(desk)).isEmpty();
  }

  static List<String> codes(JsonObject catalogue) {
    return catalogue.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("code")).toList();
  }

  static String dxm02Worker() {
    return api.get("/api/v1/admin/users?gridId=dxm-02", api.login("admin")).json().getJsonArray("items").getJsonObject(0).getString("name");
  }
}
