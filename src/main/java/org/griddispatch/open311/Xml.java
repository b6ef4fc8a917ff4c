package org.griddispatch.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Text;

import java.util.Map;

/** Open311's XML: the JSON answer as elements, lists named by their items (attributes → attribute). */
final class Xml {
  private static final Map<String, String> ITEM = Map.of("attributes", "attribute", "values", "value",
      "endpoints", "endpoint", "formats", "format", "keywords", "keyword");

  private Xml() {}

  static String document(String root, String item, JsonArray items) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<").append(root).append('>');
    for (Object o : items) element(sb, item, o);
    return sb.append("</").append(root).append(">\n").toString();
  }

  static String document(String root, JsonObject object) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    element(sb, root, object);
    return sb.append('\n').toString();
  }

  private static void element(StringBuilder sb, String name, Object value) {
    sb.append('<').append(name).append('>');
    if (value instanceof JsonObject o) {
      for (String k : o.fieldNames()) element(sb, k, o.getValue(k));
    } else if (value instanceof JsonArray a) {
      String item = ITEM.getOrDefault(name, "item");
      for (Object x : a) element(sb, item, x);
    } else if (value != null) {
      escape(sb, String.valueOf(value));
    }
    sb.append("</").append(name).append('>');
  }

  /** Escapes markup; a character XML forbids (a stored U+FFFF, say) becomes U+FFFD, never a broken document. */
  private static void escape(StringBuilder sb, String text) {
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.appendCodePoint(Text.isXmlChar(cp) ? cp : 0xFFFD);
      }
    });
  }
}
