package org.griddispatch.subdistrict;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON file read with the line each of its parts starts on (by JSON Pointer, to a few levels
 * deep: entries and their fields, not every coordinate), so a problem is shown where it is.
 */
final class JsonDocument {
  /** Deep enough for a feature's properties and a category's SLA fields. */
  private static final int MAX_DEPTH = 4;
  private static final JsonFactory JSON = new JsonFactory();

  final String file;
  final Object value;
  private final Map<String, Integer> lines;

  private JsonDocument(String file, Object value, Map<String, Integer> lines) {
    this.file = file;
    this.value = value;
    this.lines = lines;
  }

  /** The document, or a {@link Problem} at the line where the text stops being JSON. */
  static JsonDocument parse(String file, String text) throws Unreadable {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = JSON.createParser(text)) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (depth(pointer) <= MAX_DEPTH) lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    } catch (JsonProcessingException e) {
      throw new Unreadable(new Problem(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "not valid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new Unreadable(new Problem(file, 0, "cannot be read: " + e.getMessage()));
    }
    try {
      return new JsonDocument(file, Json.decodeValue(text), lines);
    } catch (io.vertx.core.json.DecodeException e) {
      throw new Unreadable(new Problem(file, 0, "not valid JSON: " + e.getMessage()));
    }
  }

  /** The line of the part at {@code pointer}, or of its nearest enclosing part that is there (a missing field: its entry). */
  int line(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = lines.get(p);
      if (line != null) return line;
      if (p.isEmpty()) return 0;
    }
  }

  /** A problem at the part {@code pointer} points to. */
  Problem problem(String pointer, String message) {
    return new Problem(file, line(pointer), message);
  }

  /** A field path as {@code Fields} names it ({@code sla.clock}, {@code attributes[1].code}) as a JSON Pointer. */
  static String pointer(String fieldPath) {
    return fieldPath.isEmpty() ? "" : "/" + fieldPath.replace("[", ".").replace("]", "").replace('.', '/');
  }

  private static int depth(String pointer) {
    return (int) pointer.chars().filter(c -> c == '/').count();
  }

  /** The file is not JSON at all: nothing in it can be checked. */
  static final class Unreadable extends Exception {
    final Problem problem;

    Unreadable(Problem problem) {
      super(problem.toString(), null, false, false);
      this.problem = problem;
    }
  }
}
