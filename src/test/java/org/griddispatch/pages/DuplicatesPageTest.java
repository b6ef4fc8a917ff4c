package org.griddispatch.pages;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The centre's page in Chromium: a flagged report shows why it may repeat another (how far, how long
 * apart, which words, the same photo once one is attached), and an incident forming is marked in the live feed. Screenshots at desk and phone sizes.
 */
class DuplicatesPageTest extends PageTest {

  @Test
  void theCentreSeesWhyAReportIsFlaggedAndAnIncidentForming() throws Exception {
    String base = "http://127.0.0.1:" + node.port();
    WebDriver desk = browser(1366, 900);
    Browsers.signIn(desk, base + "/center", "dispatcher", "demo1234");
    Browsers.waitFor(desk, By.id("dispatch"));
    Browsers.waitFor(desk, By.cssSelector("#state.open"));
    // a paraphrase of a streetlight report, flagged with its reason
    double lat = 31.4555, lon = 104.7390;
    JsonObject original = api.file("13900000031", Api.exactReport("streetlight", lat, lon, "楼下路灯不亮了，晚上走路很黑 page"));
    JsonObject flagged = api.file("13900000032", Api.exactReport("streetlight", lat + 0.0002, lon, "小区门口那盏街灯坏了好几天，一到晚上就黑漆漆的 page"));
    assertThat(flagged.getJsonArray("duplicateCandidates")).contains(original.getString("id"));
    Browsers.waitText(desk, By.cssSelector("[data-reason='" + original.getString("id") + "']"), original.getString("number"));
    assertThat(Browsers.text(desk, By.cssSelector("[data-reason='" + original.getString("id") + "']"))).contains("疑似重复").contains("米").contains("路灯");
    // the same picture attached to both, later: "同一照片" joins the reason
    assertThat(api.upload(original.getString("id"), api.resident("13900000031"),
        org.griddispatch.support.Images.encode(org.griddispatch.support.Images.scene(true, 320, 240), "png"), "image/png").status()).isEqualTo(201);
    assertThat(api.upload(flagged.getString("id"), api.resident("13900000032"),
        org.griddispatch.support.Images.encode(org.griddispatch.support.Images.scene(true, 240, 180), "jpg"), "image/jpeg").status()).isEqualTo(201);
    Browsers.waitText(desk, By.cssSelector("[data-reason='" + original.getString("id") + "']"), "同一照片");
    // three reports of a burst pipe: an incident, marked in the feed
    double wlat = 31.4565, wlon = 104.7480;
    api.file("13900000033", Api.exactReport("water_leak", wlat, wlon, "路口水管爆了，水哗哗往外冒 page"));
    api.file("13900000034", Api.exactReport("water_leak", wlat + 0.0001, wlon, "路口自来水管破裂，路面全是水 page"));
    api.file("13900000035", Api.exactReport("water_leak", wlat, wlon + 0.0001, "这里水管漏水很严重，水流了一地 page"));
    Browsers.waitFor(desk, By.cssSelector("#feed li.incident"));
    ((org.openqa.selenium.JavascriptExecutor) desk).executeScript("document.getElementById('dispatch').scrollIntoView()");
    Browsers.screenshot(desk, "center-duplicates");
    WebDriver phone = browser(390, 844);
    Browsers.signIn(phone, base + "/center", "dispatcher2", "demo1234");
    Browsers.waitText(phone, By.cssSelector("[data-reason='" + original.getString("id") + "']"), original.getString("number"));
    ((org.openqa.selenium.JavascriptExecutor) phone).executeScript(
        "document.querySelector(\"[data-reason='" + original.getString("id") + "']\").scrollIntoView()");
    Browsers.screenshot(phone, "center-duplicates-phone");
    for (WebDriver d : drivers) assertThat(Browsers.consoleErrors(d)).as(d.getCurrentUrl()).isEmpty();
  }
}
