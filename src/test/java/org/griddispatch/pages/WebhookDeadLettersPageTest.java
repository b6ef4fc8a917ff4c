package org.griddispatch.pages;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.pages.Browsers.click;
import static org.griddispatch.pages.Browsers.consoleErrors;
import static org.griddispatch.pages.Browsers.screenshot;
import static org.griddispatch.pages.Browsers.waitFor;

/**
 * The centre's delivery-health card lists an endpoint's dead-lettered deliveries (the ticket's number,
 * the event, the attempts, the receiver's last answer); the dispatcher sends one again with its
 * button once the receiver is back: the row leaves the list, the receiver gets it, and it is sent.
 * A supervisor sees the list without the button.
 */
class WebhookDeadLettersPageTest extends PageTest {

  @Test
  void theCentreSendsADeadLetteredDeliveryAgainFromItsCard() throws Exception {
    AtomicInteger answer = new AtomicInteger(500);
    AtomicInteger taken = new AtomicInteger();
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      if (answer.get() == 200) taken.incrementAndGet();
      req.response().setStatusCode(answer.get()).end();
    })).listen(0, "127.0.0.1").await();
    String admin = api.login("admin");
    String phone = "13800000097";
    String resident = api.resident(phone);
    String hook = api.post("/api/v1/admin/webhooks", admin, new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/city")
        .put("events", new JsonArray().add("commented")).put("secret", "a-secret-of-sixteen+").put("accountId", api.userId(resident)))
        .json().getString("id");
    // and a receiver that is not there: nothing answers it (the connection is refused)
    HttpServer gone = vertx.createHttpServer().requestHandler(req -> req.response().end()).listen(0, "127.0.0.1").await();
    int gonePort = gone.actualPort();
    gone.close().await();
    String silent = api.post("/api/v1/admin/webhooks", admin, new JsonObject().put("url", "http://127.0.0.1:" + gonePort + "/gone")
        .put("events", new JsonArray().add("commented")).put("secret", "a-secret-of-sixteen+").put("accountId", api.userId(resident)))
        .json().getString("id");
    try {
      JsonObject p = Points.of("sgj-01");
      JsonObject ticket = api.file(phone, org.griddispatch.support.Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾没人收"));
      assertThat(api.act(ticket.getString("id"), "comment", resident, new JsonObject().put("text", "还没人来")).status()).isEqualTo(200);
      // the receiver refused it; it is dead-lettered here rather than after its twelve attempts
      assertThat(db.awaitCount(vertx, 1, 20, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1::uuid AND attempts >= 1"
          + " AND leased_until IS NULL", hook)).isEqualTo(1);
      long dead = 0;
      for (int i = 0; i < 50 && dead == 0; i++) {
        dead = db.count("WITH u AS (UPDATE webhook_deliveries SET status = 'failed', last_status = 500 WHERE webhook_id = $1::uuid"
            + " AND status = 'pending' AND leased_until IS NULL RETURNING 1) SELECT count(*) FROM u", hook);
        if (dead == 0) vertx.timer(100).await();
      }
      assertThat(dead).isEqualTo(1);
      UUID delivery = db.one("SELECT id FROM webhook_deliveries WHERE webhook_id = $1::uuid", hook).getUUID("id");
      // the silent one's delivery was tried and had no answer; dead-lettered as it stands
      assertThat(db.awaitCount(vertx, 1, 20, "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1::uuid AND attempts >= 1"
          + " AND leased_until IS NULL AND last_status IS NULL", silent)).isEqualTo(1);
      long silenced = 0;
      for (int i = 0; i < 50 && silenced == 0; i++) {
        silenced = db.count("WITH u AS (UPDATE webhook_deliveries SET status = 'failed' WHERE webhook_id = $1::uuid"
            + " AND status = 'pending' AND leased_until IS NULL RETURNING 1) SELECT count(*) FROM u", silent);
        if (silenced == 0) vertx.timer(100).await();
      }
      assertThat(silenced).isEqualTo(1);
      UUID unanswered = db.one("SELECT id FROM webhook_deliveries WHERE webhook_id = $1::uuid", silent).getUUID("id");

      // a supervisor sees what failed, without the button
      WebDriver watcher = sized(browser(1366, 900), 1366, 900);
      Browsers.signIn(watcher, base + "/center", "supervisor", "demo1234");
      String row = ".dead-letters[data-webhook='" + hook + "'] li[data-delivery='" + delivery + "']";
      waitFor(watcher, By.cssSelector(row));
      assertThat(watcher.findElements(By.cssSelector(row + " button.retry"))).isEmpty();

      WebDriver d = sized(browser(1366, 900), 1366, 900);
      Browsers.signIn(d, base + "/center", "dispatcher", "demo1234");
      waitFor(d, By.cssSelector(row));
      assertThat(d.findElement(By.cssSelector(row)).getText()).contains(ticket.getString("number")).contains("HTTP 500");
      // the card says what each receiver last answered, and nowhere that the one which answered 500 did not answer
      String silentRow = ".dead-letters[data-webhook='" + silent + "'] li[data-delivery='" + unanswered + "']";
      lastAnswers(d, hook, row, silentRow, "对方上次应答: HTTP 500", "对方上次应答: 无应答", "无应答");
      screenshot(d, "center-dead-letters");
      int tried = db.one("SELECT attempts FROM webhook_deliveries WHERE id = $1", delivery).getInteger("attempts");
      assertThat(d.findElement(By.cssSelector(row + " .muted")).getText()).startsWith(tried + " 次尝试 · ");
      sized(d, 390, 844);
      lastAnswers(d, hook, row, silentRow, "对方上次应答: HTTP 500", "对方上次应答: 无应答", "无应答");
      screenshot(d, "center-dead-letters-phone");
      // in English too (the centre reloads in the other language)
      click(d, By.id("lang"));
      waitFor(d, By.cssSelector(row));
      lastAnswers(d, hook, row, silentRow, "last answer: HTTP 500", "last answer: no answer", "no answer");
      screenshot(d, "center-dead-letters-phone-en");
      // the tries counted in agreement: "1 try", "2 tries"
      int attempts = db.one("SELECT attempts FROM webhook_deliveries WHERE id = $1", delivery).getInteger("attempts");
      assertThat(d.findElement(By.cssSelector(row + " .muted")).getText())
          .startsWith(attempts + (attempts == 1 ? " try · " : " tries · ")).doesNotContain("1 tries");
      sized(d, 1366, 900);
      lastAnswers(d, hook, row, silentRow, "last answer: HTTP 500", "last answer: no answer", "no answer");
      screenshot(d, "center-dead-letters-en");
      click(d, By.id("lang"));
      waitFor(d, By.cssSelector(row));

      answer.set(200); // the receiver is back
      click(d, By.cssSelector(row + " button.retry"));
      new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.findElements(By.cssSelector(row)).isEmpty());
      assertThat(db.awaitCount(vertx, 1, 20, "SELECT count(*) FROM webhook_deliveries WHERE id = $1 AND status = 'sent'", delivery))
          .isEqualTo(1);
      assertThat(taken.get()).isEqualTo(1);
      assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'webhook.retry' AND target = $1 AND actor_id = $2",
          "webhook:" + hook, api.userId(api.login("dispatcher")))).isEqualTo(1);
      assertThat(consoleErrors(d)).isEmpty();
    } finally {
      api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + hook, admin, null, null);
      api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + silent, admin, null, null);
      receiver.close().await();
    }
  }

  /** The endpoint's card: its dead row's last answer, the silent one's, and no "no answer" in the card of the one that answered. */
  private static void lastAnswers(WebDriver d, String hook, String row, String silentRow, String answered, String unanswered, String none) {
    ((org.openqa.selenium.JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'center'})",
        waitFor(d, By.cssSelector(row)));
    assertThat(d.findElement(By.cssSelector("#webhooks article[data-webhook='" + hook + "']")).getText())
        .as("the card of the receiver that answered 500").contains("HTTP 500").doesNotContain(none);
    assertThat(waitFor(d, By.cssSelector(row + " .answer")).getText()).isEqualTo(answered);
    assertThat(waitFor(d, By.cssSelector(silentRow + " .answer")).getText()).startsWith(unanswered);
  }
}
