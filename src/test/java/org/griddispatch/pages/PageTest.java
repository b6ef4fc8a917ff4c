package org.griddispatch.pages;

import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** Measures the header's boxes: one row of controls, each label on one line, inside the screen, named, big enough to tap. */
  @SuppressWarnings("unchecked")
  static void assertHeaderInOneRow(WebDriver d, String what) {
    Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) d).executeScript("""
        const h = document.querySelector('header');
        const hs = getComputedStyle(h);
        const kids = [...h.querySelectorAll(':scope > h1, :scope > #state, #tools > *')].filter((e) => e.getClientRects().length);
        const boxes = kids.map((e) => {
          const r = e.getBoundingClientRect();
          const s = getComputedStyle(e);
          const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;
          const content = r.height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
          return { id: e.id || e.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
            lines: Math.round(content / line), button: e.tagName === 'BUTTON',
            name: (e.getAttribute('aria-label') || e.innerText || '').trim() };
        });
        let rows = 0; let bottom = -Infinity;
        for (const b of [...boxes].sort((a, c) => a.top - c.top)) { if (b.top >= bottom - 1) { rows++; } bottom = Math.max(bottom, b.bottom); }
        const tallest = Math.max(...boxes.map((b) => b.height));
        return { rows, tallest, header: h.getBoundingClientRect().height,
          padding: parseFloat(hs.paddingTop) + parseFloat(hs.paddingBottom), width: window.innerWidth,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, boxes: JSON.stringify(boxes) };""");
    String boxes = (String) m.get("boxes");
    double header = ((Number) m.get("header")).doubleValue();
    double tallest = ((Number) m.get("tallest")).doubleValue();
    double padding = ((Number) m.get("padding")).doubleValue();
    int width = ((Number) m.get("width")).intValue();
    assertThat(((Number) m.get("rows")).intValue()).as(what + ": rows of the header " + boxes).isEqualTo(1);
    assertThat(header).as(what + ": the header's height against its tallest control's " + tallest + " " + boxes)
        .isLessThanOrEqualTo(tallest + padding + 1);
    assertThat(((Number) m.get("overflow")).intValue()).as(what + ": the page is no wider than the screen").isLessThanOrEqualTo(0);
    for (Object o : new JsonArray(boxes)) {
      JsonObject b = (JsonObject) o;
      assertThat(b.getInteger("lines")).as(what + ": lines of " + b.encode()).isEqualTo(1);
      assertThat(b.getDouble("left")).as(what + ": " + b.encode()).isGreaterThanOrEqualTo(0);
      assertThat(b.getDouble("right")).as(what + ": " + b.encode()).isLessThanOrEqualTo(width);
      assertThat(b.getString("name")).as(what + ": the name of " + b.encode()).isNotBlank();
      if (b.getBoolean("button")) assertThat(b.getDouble("height")).as(what + ": a thumb's target " + b.encode()).isGreaterThanOrEqualTo(44);
    }
  }

  /**
   * The page scrolled down (made taller for it where it is short): the connection banner, shown, sticks
   * right under the header whatever the header's height, and the worker's tabs (where shown) under the banner.
   */
  @SuppressWarnings("unchecked")
  static void assertBannerUnderHeader(WebDriver d, String what) {
    Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) d).executeScript("""
        document.body.style.minHeight = (window.innerHeight * 4) + 'px';
        window.scrollTo(0, window.innerHeight * 2);
        const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: r.height }; };
        const tabs = document.querySelector('.field-tabs');
        return { header: box(document.querySelector('header')), banner: box(document.getElementById('connection-banner')),
          shown: getComputedStyle(document.getElementById('connection-banner')).display !== 'none',
          tabs: tabs && tabs.getClientRects().length ? box(tabs) : null, scrolled: window.scrollY };""");
    Map<String, Number> header = (Map<String, Number>) m.get("header");
    Map<String, Number> banner = (Map<String, Number>) m.get("banner");
    assertThat((Boolean) m.get("shown")).as(what + ": the banner is shown").isTrue();
    assertThat(((Number) m.get("scrolled")).doubleValue()).as(what + ": the page scrolled").isGreaterThan(0);
    assertThat(header.get("top").doubleValue()).as(what + ": the header at the top " + m).isBetween(-0.5, 0.5);
    assertThat(banner.get("top").doubleValue()).as(what + ": the banner's top against the header's bottom " + m)
        .isCloseTo(header.get("bottom").doubleValue(), org.assertj.core.data.Offset.offset(1.0));
    Map<String, Number> tabs = (Map<String, Number>) m.get("tabs");
    if (tabs != null && tabs.get("bottom").doubleValue() > 0) {
      assertThat(tabs.get("top").doubleValue()).as(what + ": the tabs under the banner " + m)
          .isGreaterThanOrEqualTo(banner.get("bottom").doubleValue() - 1);
    }
  }

  /** The page as a phone or a desk shows it, its width settled. */
  static void resize(WebDriver d, int width, int height) {
    sized(d, width, height);
    new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(10)).until(x -> ((Number) ((JavascriptExecutor) x)
        .executeScript("return window.innerWidth")).intValue() == width);
  }


  /** The page laid out as on a device of that size (a phone below 800 px wide), whatever the window. */
  static WebDriver sized(WebDriver d, int width, int height) {
    ((ChromeDriver) d).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 800));
    return d;
  }
}
