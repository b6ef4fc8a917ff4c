package org.griddispatch.pages;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/** Debian's headless Chromium driven as a person would use the pages: the browser tests' shared hands and eyes. */
final class Browsers {
  private Browsers() {}

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** Skips the browser tests on a machine without Debian's chromium and chromium-driver. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Debian's chromium and chromium-driver are needed (.ci/run installs them)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
  }

  /** A headless browser of that size, in Chinese, logging its console; kept in {@code drivers} to be quit and shown on failure. */
  static WebDriver open(List<WebDriver> drivers, int width, int height) {
    ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=" + width + "," + height, "--lang=zh-CN", "--autoplay-policy=no-user-gesture-required");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    WebDriver d = new ChromeDriver(o);
    d.manage().window().setSize(new Dimension(width, height));
    drivers.add(d);
    return d;
  }

  /** On a failure, what each browser showed and logged, for whoever reads the CI output. */
  static TestWatcher evidence(List<WebDriver> drivers, String prefix) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        for (int i = 0; i < drivers.size(); i++) {
          try {
            screenshot(drivers.get(i), prefix + context.getRequiredTestMethod().getName() + "-" + i);
            System.out.println("browser " + i + " at " + drivers.get(i).getCurrentUrl() + " logged "
                + drivers.get(i).manage().logs().get(LogType.BROWSER).getAll());
          } catch (Exception ignored) {
            // the browser is gone; nothing more to show
          }
        }
      }
    };
  }

  /** Signs in on a staff page with its form. */
  static void signIn(WebDriver d, String url, String username, String password) {
    d.get(url);
    waitFor(d, By.id("username")).sendKeys(username);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.cssSelector("#login button[type=submit]")).click();
  }

  /** Signs a resident in on the residents' page with a code (demo mode hands the code to this machine). */
  static void residentSignIn(WebDriver d, String base, String phone) {
    d.get(base + "/");
    waitFor(d, By.id("phone")).sendKeys(phone);
    d.findElement(By.id("get-code")).click();
    new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> !x.findElement(By.id("code")).getAttribute("value").isEmpty());
    d.findElement(By.cssSelector("#login button[type=submit]")).click();
    waitFor(d, By.id("call"));
  }

  /** Clicks the page's map where a place is, as a person would. */
  static void clickMapAt(WebDriver d, double lat, double lon) {
    WebElement map = waitFor(d, By.id("map"));
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> ((org.openqa.selenium.JavascriptExecutor) x).executeScript("return !!window.dispatchMap"));
    ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})", map);
    @SuppressWarnings("unchecked")
    List<Number> p = (List<Number>) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
        "const p = window.dispatchMap.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];", lat, lon);
    new org.openqa.selenium.interactions.Actions(d).moveToElement(map, p.get(0).intValue() - map.getSize().getWidth() / 2,
        p.get(1).intValue() - map.getSize().getHeight() / 2).click().perform();
  }

  /** Clicks what {@code by} finds once it is there, again if a live update replaced it meanwhile. */
  static void click(WebDriver d, By by) {
    new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .ignoring(ElementClickInterceptedException.class)
        .until(x -> { x.findElement(by).click(); return true; });
  }

  /** Chooses {@code value} in the select {@code by} finds once it is there, again if a live update replaced it meanwhile. */
  static void choose(WebDriver d, By by, String value) {
    new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(x -> { new org.openqa.selenium.support.ui.Select(x.findElement(by)).selectByValue(value); return true; });
  }

  static void type(WebDriver d, By by, String text) {
    new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(x -> { x.findElement(by).sendKeys(text); return true; });
  }

  static String text(WebDriver d, By by) {
    return new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(x -> { String s = x.findElement(by).getText(); return s.isEmpty() ? null : s; });
  }

  static WebElement waitFor(WebDriver d, By by) {
    return new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> {
      List<WebElement> found = x.findElements(by);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  static void waitText(WebDriver d, By by, String text) {
    new WebDriverWait(d, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
        .until(x -> x.findElements(by).stream().anyMatch(e -> e.getText().contains(text)));
  }

  static void screenshot(WebDriver d, String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }

  /** What the page logged as errors (script errors, refusals of the Content-Security-Policy, failed loads). */
  static List<String> consoleErrors(WebDriver d) {
    return d.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }
}
