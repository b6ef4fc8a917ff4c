package org.griddispatch.pages;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages' live connection (/js/dispatch-socket.js) in a real browser against a real node: a page
 * that can reload its lists and comes back farther behind than its replay limit is told to reload,
 * is not sent what it missed, and goes on live from there; within the limit, or without a way to
 * reload, it is sent every missed event in order.
 */
class LiveClientTest extends PageTest {
  private static final String GRID = "sgj-04";

  private JsonObject file() {
    JsonObject p = Points.of(GRID);
    return api.file("13800000001", Api.report("water_leak", p.getDouble("lat"), p.getDouble("lon"), "漏水 " + GRID));
  }

  /** Opens a DispatchSocket in the page following the grid after {@code from}, collecting into window[name]. */
  private static void follow(WebDriver d, String name, String token, String from, Integer replayLimit) {
    ((JavascriptExecutor) d).executeAsyncScript("""
        const [name, token, from, limit, done] = arguments;
        import('/js/dispatch-socket.js').then(({ DispatchSocket }) => {
          const state = window[name] = { got: [], reloads: 0 };
          const socket = new DispatchSocket({ token });
          const options = limit == null ? {} : { replayLimit: limit, onReload: () => { state.reloads++; } };
          socket.subscribe('grid:%s', (f) => state.got.push(f.ticketId + '#' + f.seq), from, options);
          state.socket = socket;
          done();
        });""".formatted(GRID), name, token, from, replayLimit);
  }

  @SuppressWarnings("unchecked")
  private static List<String> got(WebDriver d, String name) {
    return new ArrayList<>((List<String>) ((JavascriptExecutor) d).executeScript("return window[arguments[0]].got", name));
  }

  private static long reloads(WebDriver d, String name) {
    return ((Number) ((JavascriptExecutor) d).executeScript("return window[arguments[0]].reloads", name)).longValue();
  }

  private static void waitUntil(WebDriver d, java.util.function.Predicate<WebDriver> done) {
    new WebDriverWait(d, Duration.ofSeconds(20)).until(done::test);
  }

  @Test
  void aPageFartherBehindThanItsLimitReloadsAndGoesOnLiveWhileOneWithinItGetsEveryMissedEvent() {
    String token = api.login("dispatcher");
    String from;
    try (Terminal t = Terminal.connect(vertx, node.port(), token)) {
      from = t.subscribe("grid:" + GRID, null).getString("cursor");
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject x = file();
      missed.add(x.getString("id") + "#1");
      missed.add(x.getString("id") + "#2");
    }
    WebDriver d = browser(1366, 900);
    d.get(base + "/center");

    follow(d, "behind", token, from, missed.size() - 1);
    waitUntil(d, x -> reloads(x, "behind") == 1);
    // it follows on from the live position it was given: a reconnect now would not ask for the missed again
    String kept = (String) ((JavascriptExecutor) d).executeScript(
        "return window.behind.socket.topics.get(arguments[0]).cursor", "grid:" + GRID);
    assertThat(org.griddispatch.push.Cursor.parse(kept).after(org.griddispatch.push.Cursor.parse(from))).as(kept + " after " + from).isTrue();
    JsonObject live = file();
    waitUntil(d, x -> got(x, "behind").size() == 2);
    assertThat(got(d, "behind")).containsExactly(live.getString("id") + "#1", live.getString("id") + "#2");
    missed.add(live.getString("id") + "#1");
    missed.add(live.getString("id") + "#2");

    follow(d, "within", token, from, missed.size());
    follow(d, "noReload", token, from, null);
    waitUntil(d, x -> got(x, "within").size() == missed.size() && got(x, "noReload").size() == missed.size());
    assertThat(got(d, "within")).containsExactlyElementsOf(missed);
    assertThat(got(d, "noReload")).containsExactlyElementsOf(missed);
    assertThat(reloads(d, "within")).isZero();
    assertThat(reloads(d, "behind")).isEqualTo(1);
    ((JavascriptExecutor) d).executeScript("['behind', 'within', 'noReload'].forEach((n) => window[n].socket.close())");
  }
}
