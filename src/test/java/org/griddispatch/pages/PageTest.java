package org.griddispatch.pages;

import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every page test on the shared node has: the browsers it opened (quit after its class), the
 * node's address, and on a failure what each browser showed and logged. A class goes on by its own
 * set-up methods, which must not hide these (other names).
 */
abstract class PageTest extends NodeTest {
  static final List<WebDriver> drivers = new ArrayList<>();
  static String base;

  @RegisterExtension
  static final TestWatcher EVIDENCE = Browsers.evidence(drivers, "failure-");

  @BeforeAll
  static void openBrowsers() {
    Browsers.assumeInstalled();
    base = "http://127.0.0.1:" + node.port();
  }

  @AfterAll
  static void quitBrowsers() {
    drivers.forEach(WebDriver::quit);
    drivers.clear();
  }

  static WebDriver browser(int width, int height) { return Browsers.open(drivers, width, height); }

  /** The page laid out as on a device of that size (a phone below 800 px wide), whatever the window. */
  static WebDriver sized(WebDriver d, int width, int height) {
    ((ChromeDriver) d).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 800));
    return d;
  }
}
