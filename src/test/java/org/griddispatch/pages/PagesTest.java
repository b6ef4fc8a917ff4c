package org.griddispatch.pages;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.choose;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.text;
import static org.griddispatch.pages.Browsers.type;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.waitFor;
import static org.griddispatch.pages.Browsers.waitText;

/**
 * The four pages in a real headless Chromium, four people at once: a resident files a gas leak on
 * the map; the worker's terminal sees it arrive live, accepts and whistles the gas company; the
 * department desk reports in and resolves; the resident's page shows each step live and rates; the
 * centre's numbers change. Screenshots go to target/screenshots.
 */
class PagesTest extends PageTest {


  static void staffSignIn(WebDriver d, String page, String username) {
    Browsers.signIn(d, base + page, username, "demo1234");
  }

  static void residentSignIn(WebDriver d, String phone) { Browsers.residentSignIn(d, base, phone); }

  static void clickMapAt(WebDriver d, double lat, double lon) { Browsers.clickMapAt(d, lat, lon); }

  @Test
  void aGasLeakFromTheResidentsPhoneToTheCentreLive() throws Exception {
    WebDriver centre = browser(1600, 1000);
    staffSignIn(centre, "/center", "dispatcher");
    WebElement received = waitFor(centre, By.cssSelector("[data-kpi=received] .kpi"));
    int before = Integer.parseInt(received.getText());
    // who is on duty in each grid, and whom its next ticket goes to
    waitText(centre, By.cssSelector("#duty [data-grid='jgm-03']"), "张建国");

    WebDriver worker = browser(1280, 900);
    staffSignIn(worker, "/worker", "worker-jgm-03");
    waitFor(worker, By.id("queue"));
    new WebDriverWait(worker, Duration.ofSeconds(30)).until(x -> x.findElement(By.id("state")).getAttribute("class").contains("open"));

    WebDriver dept = browser(1280, 900);
    staffSignIn(dept, "/dept", "dept-gas");
    waitFor(dept, By.id("queue"));

    WebDriver phone = browser(412, 915);
    residentSignIn(phone, "13800000002");
    new Select(phone.findElement(By.id("category"))).selectByValue("gas_leak");
    String words = "三光街6号楼道燃气味很重 " + System.nanoTime();
    phone.findElement(By.id("description")).sendKeys(words);
    JsonObject p = Points.of("jgm-03");
    clickMapAt(phone, p.getDouble("lat"), p.getDouble("lon"));
    waitText(phone, By.id("where"), "社区");
    phone.findElement(By.id("address")).sendKeys("三光街6号3栋2单元");
    click(phone, By.id("call"));
    String number = text(phone, By.xpath("//section//article[.//p[contains(@class,'desc') and text()='" + words + "']]//span[@class='num']"));
    assertThat(number).matches("CX-\\d{8}-\\d{6}");

    // the worker's terminal: a visible alert and the ticket in the queue, without reloading
    waitText(worker, By.id("new-ticket"), number);
    String item = "//article[.//span[@class='num' and text()='" + number + "']]";
    click(worker, By.xpath(item + "//button[contains(@class,'accept')]"));
    waitText(phone, By.cssSelector("#my-requests .timeline"), "已签收");
    String accepted = "//article[@data-status='accepted' and .//span[@class='num' and text()='" + number + "']]";
    waitFor(worker, By.xpath(accepted));
    choose(worker, By.xpath(accepted + "//select[contains(@class,'dept')]"), "gas");
    type(worker, By.xpath(accepted + "//form[.//select]//input"), "请燃气公司到场");
    click(worker, By.xpath(accepted + "//form[.//select]//button[@type='submit']"));
    waitText(phone, By.cssSelector("#my-requests .timeline"), "已吹哨");
    screenshot(worker, "worker");

    // the gas company's desk reports in, then resolves
    click(dept, By.xpath(item + "//form//button[@type='submit']"));
    waitText(phone, By.cssSelector("#my-requests .timeline"), "部门已报到");
    waitFor(dept, By.xpath(item + "//form//input"));
    new WebDriverWait(dept, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(x -> x.findElements(By.xpath(item + "//button[@type='submit']")).stream().anyMatch(b -> b.getText().contains("办结")));
    type(dept, By.xpath(item + "//form//input"), "已关阀修复");
    screenshot(dept, "dept");
    click(dept, By.xpath(item + "//form//button[@type='submit']"));
    waitText(phone, By.cssSelector("#my-requests .timeline"), "办结");

    // the resident rates it, live
    // this report's own card: the resident may have older ones on the shared node, one still showing its buttons
    String mine = "//*[@id='my-requests']//article[.//span[@class='num' and text()='" + number + "']]";
    click(phone, By.xpath(mine + "//button[contains(@class,'rate-good')]"));
    waitText(phone, By.xpath(mine + "//*[contains(@class,'timeline')]"), "已评价");
    screenshot(phone, "resident");

    // the centre's numbers and feed moved
    waitText(centre, By.id("feed"), number);
    new WebDriverWait(centre, Duration.ofSeconds(30))
        .until(x -> Integer.parseInt(x.findElement(By.cssSelector("[data-kpi=received] .kpi")).getText()) > before);
    screenshot(centre, "center");

    for (WebDriver d : List.of(phone, worker, dept, centre)) assertThat(consoleErrors(d)).as(d.getCurrentUrl()).isEmpty();
  }

  @Test
  void badInputIsShownTextIsNeverHtmlAndOthersTicketsStayClosed() {
    WebDriver phone = browser(412, 915);
    residentSignIn(phone, "13800000003");
    // no description, no place: a clear message, nothing filed
    click(phone, By.id("call"));
    waitText(phone, By.id("description-error"), "必填");

    // a description that is HTML stays text
    JsonObject p = Points.of("wls-02");
    phone.findElement(By.id("description")).sendKeys("<img src=x onerror=\"window.pwned=1\">水管漏水 " + System.nanoTime());
    new Select(phone.findElement(By.id("category"))).selectByValue("water_leak");
    clickMapAt(phone, p.getDouble("lat"), p.getDouble("lon"));
    waitText(phone, By.id("where"), "社区");
    click(phone, By.id("call"));
    waitText(phone, By.cssSelector("#my-requests .desc"), "<img src=x");
    assertThat(((JavascriptExecutor) phone).executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(phone.findElements(By.cssSelector("#my-requests img"))).isEmpty();

    // another resident's ticket, opened by its link, is not shown
    JsonObject someoneElses = api.file("13800000001", Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "别人的诉求"));
    phone.get(base + "/#ticket=" + someoneElses.getString("id"));
    phone.navigate().refresh();
    waitFor(phone, By.id("not-found"));
    assertThat(phone.getPageSource()).doesNotContain("别人的诉求");

    // the worker's terminal shows the HTML text as text too
    WebDriver worker = browser(1280, 900);
    staffSignIn(worker, "/worker", "worker-wls-02");
    waitText(worker, By.id("queue"), "<img src=x");
    assertThat(((JavascriptExecutor) worker).executeScript("return window.pwned === undefined")).isEqualTo(true);

    // a wrong password says so
    WebDriver other = browser(1280, 900);
    other.get(base + "/center");
    waitFor(other, By.id("username")).sendKeys("dispatcher");
    other.findElement(By.id("password")).sendKeys("wrong-password");
    other.findElement(By.cssSelector("#login button[type=submit]")).click();
    waitText(other, By.id("login-error"), "用户名或密码错误"); // in the page's language
  }

  @Test
  void everyPageSaysItIsADemo() {
    WebDriver d = browser(1280, 900);
    for (String page : List.of("/", "/worker", "/dept", "/center")) {
      d.get(base + page);
      ((JavascriptExecutor) d).executeScript("localStorage.setItem('lang', 'zh')");
      d.navigate().refresh();
      WebElement banner = waitFor(d, By.id("demo-banner"));
      assertThat(banner.isDisplayed()).as(page).isTrue();
      waitText(d, By.id("demo-banner"), "演示模式");
      ((JavascriptExecutor) d).executeScript("localStorage.setItem('lang', 'en')");
      d.navigate().refresh();
      waitText(d, By.id("demo-banner"), "Demo mode");
    }
    ((JavascriptExecutor) d).executeScript("localStorage.removeItem('lang')");
    assertThat(consoleErrors(d)).isEmpty();
  }
}
