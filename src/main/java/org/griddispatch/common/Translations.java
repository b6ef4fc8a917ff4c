package org.griddispatch.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error texts in the caller's language. Errors are made in English where they happen; the error
 * writer turns {@code message} and every {@code fields} text into the language of the request's
 * {@code Accept-Language} (zh-CN by default, en when the caller prefers English) through one
 * catalogue, {@code i18n/errors-zh-CN.json}, keyed by the English text. A text that carries values
 * is keyed with {@code {}} in their place ({@code "at most {} characters"}); the Chinese text takes
 * them in order ({@code {}}) or by position ({@code {1}}, {@code {2}}). Joined reasons ("a; b") and
 * reasons behind a field name ("name: reason") are translated part by part. The {@code code} never
 * changes.
 */
public final class Translations {
  public static final String ZH = "zh-CN";
  public static final String EN = "en";

  private static final Map<String, String> EXACT = new LinkedHashMap<>();
  private static final List<Template> TEMPLATES = new ArrayList<>();
  private static final Pattern LABELLED = Pattern.compile("^([A-Za-z_][\\w.\\[\\]]*): (.+)$", Pattern.DOTALL);
  private static final Pattern SLOT = Pattern.compile("\\{(\\d*)\\}");

  private record Template(String english, Pattern pattern, String chinese, int weight) {}

  static {
    try (InputStream in = Translations.class.getResourceAsStream("/i18n/errors-zh-CN.json")) {
      if (in == null) throw new IllegalStateException("i18n/errors-zh-CN.json is missing");
      JsonObject catalogue = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      catalogue.forEach(e -> {
        String english = e.getKey();
        String chinese = (String) e.getValue();
        if (english.contains("{}")) {
          StringBuilder regex = new StringBuilder("^");
          String[] parts = english.split("\\{\\}", -1);
          for (int i = 0; i < parts.length; i++) {
            if (i > 0) regex.append("(.+?)");
            regex.append(Pattern.quote(parts[i]));
          }
          regex.append("$");
          TEMPLATES.add(new Template(english, Pattern.compile(regex.toString(), Pattern.DOTALL), chinese,
              english.replace("{}", "").length()));
        } else {
          EXACT.put(english, chinese);
        }
      });
      TEMPLATES.sort(Comparator.comparingInt(Template::weight).reversed());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Translations() {}

  /** The language to answer in: en when the caller prefers English to Chinese, zh-CN otherwise. */
  public static String language(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) return ZH;
    double zh = -1;
    double en = -1;
    int order = 0;
    for (String range : acceptLanguage.split(",")) {
      String[] parts = range.strip().split(";");
      String tag = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      q -= order++ * 1e-6; // the earlier of two equal ranges wins
      if (tag.equals("en") || tag.startsWith("en-")) en = Math.max(en, q);
      else if (tag.equals("zh") || tag.startsWith("zh-")) zh = Math.max(zh, q);
    }
    return en > 0 && en > zh ? EN : ZH;
  }

  /** The catalogue knows this English text (exactly, by a template, or part by part). */
  public static boolean knows(String english) {
    return chinese(english) != null;
  }

  /** The text in the language; English, and anything the catalogue does not know, stays as it is. */
  public static String translate(String english, String language) {
    if (english == null || EN.equals(language)) return english;
    String zh = chinese(english);
    return zh == null ? english : zh;
  }

  /** The contract's error document with its message and field texts in the language. */
  public static JsonObject localize(JsonObject document, String language) {
    if (EN.equals(language)) return document;
    JsonObject out = document.copy();
    JsonObject error = out.getJsonObject("error");
    if (error == null) return out;
    if (error.getValue("message") instanceof String m) error.put("message", translate(m, language));
    if (error.getValue("fields") instanceof JsonObject fields) error.put("fields", texts(fields, language));
    return out;
  }

  private static JsonObject texts(JsonObject fields, String language) {
    JsonObject out = new JsonObject();
    fields.forEach(e -> out.put(e.getKey(), value(e.getValue(), language)));
    return out;
  }

  private static Object value(Object v, String language) {
    if (v instanceof String s) return translate(s, language);
    if (v instanceof JsonObject o) return texts(o, language);
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(item -> out.add(value(item, language)));
      return out;
    }
    return v;
  }

  private static String chinese(String english) {
    String exact = EXACT.get(english);
    if (exact != null) return exact;
    for (Template t : TEMPLATES) {
      Matcher m = t.pattern().matcher(english);
      if (m.matches()) return fill(t.chinese(), m);
    }
    if (english.contains("; ")) {
      StringBuilder out = new StringBuilder();
      for (String part : english.split("; ")) {
        String zh = chinese(part);
        if (zh == null) return null;
        if (!out.isEmpty()) out.append("；");
        out.append(zh);
      }
      return out.toString();
    }
    Matcher labelled = LABELLED.matcher(english);
    if (labelled.matches()) {
      String zh = chinese(labelled.group(2));
      return zh == null ? null : labelled.group(1) + "：" + zh;
    }
    return null;
  }

  private static String fill(String chinese, Matcher values) {
    Matcher slot = SLOT.matcher(chinese);
    StringBuilder out = new StringBuilder();
    int next = 1;
    while (slot.find()) {
      int index = slot.group(1).isEmpty() ? next++ : Integer.parseInt(slot.group(1));
      String value = index <= values.groupCount() ? values.group(index) : "";
      slot.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    slot.appendTail(out);
    return out.toString();
  }
}
