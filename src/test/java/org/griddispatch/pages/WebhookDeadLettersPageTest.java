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
      ((org.openqa.selenium.JavascriptExecutor) d).executeScript("document.getElementById('webhook-health').scrollIntoView()");
      screenshot(d, "center-dead-letters");

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
      receiver.close().await();
    }
  }
}
