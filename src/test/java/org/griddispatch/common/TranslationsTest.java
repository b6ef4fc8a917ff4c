package org.griddispatch.common;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error text the server makes has its Chinese text; the language is the caller's. */
class TranslationsTest {
  @Test
  void everyMessageTheServerMakesHasAChineseText() {
    Map<String, String> messages = ServerMessages.all(Path.of("src/main/java"));
    assertThat(messages).as("the scan finds the server's messages").hasSizeGreaterThan(200)
        .containsKeys("Some fields are missing or invalid", "required", "at most {} characters", "Ticket not found",
            "Those departments are already called", "You have already rated this ticket", "Cannot {} a ticket that is {}");
    Map<String, String> missing = new TreeMap<>();
    messages.forEach((text, file) -> {
      if (!Translations.knows(text)) missing.put(text, file);
    });
    assertThat(missing).as("texts without a Chinese text in i18n/errors-zh-CN.json (text → where it is made)").isEmpty();
  }

  @Test
  void theCallersLanguageIsChineseUnlessEnglishIsPreferred() {
    assertThat(Translations.language(null)).isEqualTo("zh-CN");
    assertThat(Translations.language("")).isEqualTo("zh-CN");
    assertThat(Translations.language("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo("zh-CN");
    assertThat(Translations.language("en-US,en;q=0.9")).isEqualTo("en");
    assertThat(Translations.language("en")).isEqualTo("en");
    assertThat(Translations.language("fr-FR")).isEqualTo("zh-CN");
    assertThat(Translations.language("fr, en;q=0.5")).isEqualTo("en");
    assertThat(Translations.language("zh;q=0.5, en;q=0.8")).isEqualTo("en");
    assertThat(Translations.language("en;q=0, zh")).isEqualTo("zh-CN");
  }

  @Test
  void valuesAreCarriedIntoTheChineseText() {
    assertThat(Translations.translate("at most 2000 characters", "zh-CN")).isEqualTo("最多 2000 个字");
    assertThat(Translations.translate("Cannot accept a ticket that is closed", "zh-CN")).isEqualTo("工单当前状态为 closed，不能执行 accept");
    assertThat(Translations.translate("Ticket not found", "zh-CN")).isEqualTo("找不到该工单");
    assertThat(Translations.translate("at most 2000 characters", "en")).isEqualTo("at most 2000 characters");
    assertThat(Translations.translate("features[1].geometry: the polygon has no area; id: required", "zh-CN"))
        .isEqualTo("features[1].geometry：该多边形面积为零；id：必填");
    assertThat(Translations.translate("a text nobody wrote", "zh-CN")).as("unknown texts stay as they are").isEqualTo("a text nobody wrote");
  }

  @Test
  void theDocumentKeepsItsCodeAndTranslatesMessageAndFields() {
    JsonObject wire = ApiError.invalid(new JsonObject().put("category", "required").put("description", "at most 500 characters")).toJson("zh-CN");
    JsonObject error = wire.getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("validation_failed");
    assertThat(error.getString("message")).isEqualTo("有些内容没有填写或填写有误");
    assertThat(error.getJsonObject("fields").getString("category")).isEqualTo("必填");
    assertThat(error.getJsonObject("fields").getString("description")).isEqualTo("最多 500 个字");
  }
}
