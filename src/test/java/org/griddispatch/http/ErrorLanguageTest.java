package org.griddispatch.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's error texts come in the caller's language (zh-CN by default, en when asked); the code never changes. */
class ErrorLanguageTest extends NodeTest {
  private Api.Response emptyCall(String language) {
    String resident = api.resident("13800000031");
    long[] before = db.totals();
    Map<String, String> headers = language == null ? Map.of("Accept-Language", "") : Map.of("Accept-Language", language);
    Api.Response r = api.call(HttpMethod.POST, "/api/v1/tickets", resident, new JsonObject(), headers);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("validation_failed");
    assertThat(db.totals()).as("nothing written").containsExactly(before);
    return r;
  }

  @Test
  void anEmptyCallIsExplainedInChineseByDefaultAndInEnglishWhenAsked() {
    JsonObject zh = emptyCall("zh-CN,zh;q=0.9").json().getJsonObject("error");
    assertThat(zh.getString("message")).isEqualTo("有些内容没有填写或填写有误");
    assertThat(zh.getJsonObject("fields").getString("category")).isEqualTo("必填");
    assertThat(zh.getJsonObject("fields").getString("description")).isEqualTo("必填");

    JsonObject none = emptyCall(null).json().getJsonObject("error");
    assertThat(none.getString("message")).as("no Accept-Language: Chinese").isEqualTo("有些内容没有填写或填写有误");

    JsonObject en = emptyCall("en-US,en;q=0.9").json().getJsonObject("error");
    assertThat(en.getString("message")).isEqualTo("Some fields are missing or invalid");
    assertThat(en.getJsonObject("fields").getString("category")).isEqualTo("required");
    assertThat(en.getJsonObject("fields").fieldNames()).isEqualTo(zh.getJsonObject("fields").fieldNames());
  }

  @Test
  void refusalsOfEveryKindAreTranslated() {
    Api.Response notFound = api.call(HttpMethod.GET, "/api/v1/tickets/00000000-0000-0000-0000-000000000000",
        api.login("dispatcher"), null, Map.of("Accept-Language", "zh-CN"));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.errorCode()).isEqualTo("not_found");
    assertThat(notFound.json().getJsonObject("error").getString("message")).isEqualTo("找不到该工单");

    Api.Response route = api.call(HttpMethod.GET, "/api/v1/no-such-thing", api.login("dispatcher"), null, Map.of("Accept-Language", "zh"));
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.json().getJsonObject("error").getString("message")).isEqualTo("没有这个地址");

    Api.Response unsigned = api.call(HttpMethod.GET, "/api/v1/tickets", null, null, Map.of("Accept-Language", "zh-CN"));
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.json().getJsonObject("error").getString("message")).matches(".*[\\u4e00-\\u9fff].*");
  }

  @Test
  void socketRefusalsSpeakTheUpgradesLanguage() {
    String token = api.resident("13800000032");
    try (var zh = org.griddispatch.support.Terminal.connect(vertx, node.port(), token, new io.vertx.core.http.WebSocketClientOptions(), null);
         var en = org.griddispatch.support.Terminal.connect(vertx, node.port(), token, new io.vertx.core.http.WebSocketClientOptions(), "en")) {
      JsonObject chinese = zh.subscribe("nowhere:1", null);
      assertThat(chinese.getString("code")).isEqualTo("bad_request");
      assertThat(chinese.getString("message")).isEqualTo("未知的主题");
      JsonObject english = en.subscribe("nowhere:1", null);
      assertThat(english.getString("code")).isEqualTo("bad_request");
      assertThat(english.getString("message")).isEqualTo("Unknown topic");
    }
  }
}
