package org.griddispatch.notify;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of the messages, per template and language, from {@code conf/notification-templates.json}
 * ({@code notify.templates}): {@code {"ticket_resolved": {"zh-CN": "…{number}…", "en": "…"}}}. A
 * placeholder names a value of the message's data ({@code number}, {@code category}, {@code categoryEn},
 * {@code priority}); a subdistrict words its own messages by editing the file.
 */
final class Templates {
  private static final Logger log = LoggerFactory.getLogger(Templates.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  private final JsonObject texts;

  Templates(JsonObject texts) { this.texts = texts; }

  static Templates load(String path) {
    try {
      return new Templates(new JsonObject(Files.readString(Path.of(path))));
    } catch (IOException | RuntimeException e) {
      log.warn("No notification templates at {} ({}): messages carry their template's name only", path, e.toString());
      return new Templates(new JsonObject());
    }
  }

  /** The message in {@code language} (zh-CN when the template has no text in it); its name when there is no template. */
  String render(String template, String language, JsonObject data) {
    JsonObject t = texts.getJsonObject(template);
    String text = t == null ? null : t.getString(language, t.getString("zh-CN"));
    if (text == null) return template;
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = data.getValue(m.group(1));
      if (v == null && m.group(1).endsWith("En")) v = data.getValue(m.group(1).substring(0, m.group(1).length() - 2));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : String.valueOf(v)));
    }
    return m.appendTail(out).toString();
  }
}
