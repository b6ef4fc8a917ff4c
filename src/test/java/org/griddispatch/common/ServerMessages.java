package org.griddispatch.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every text the server can put into an error's {@code message} or {@code fields}, read from the
 * sources: the arguments of the places that make them ({@code ApiError}'s constructors and
 * factories, {@code Fields.error} and {@code matching}, a grid's geometry reasons, the abuse limits)
 * and every sentence of the workflow's refusals. A part that is not a literal becomes {@code {}}.
 */
final class ServerMessages {
  private ServerMessages() {}

  /** A place that makes a message: a regex ending just before its opening parenthesis, and which argument is the text. */
  private record Sink(Pattern start, int argument, String suffix, String onlyIn) {
    Sink(Pattern start, int argument, String suffix) { this(start, argument, suffix, null); }
  }

  private static final List<Sink> SINKS = List.of(
      new Sink(Pattern.compile("new ApiError\\s*\\("), 2, ""),
      new Sink(Pattern.compile("ApiError\\.(?:badRequest|conflict)\\s*\\("), 1, ""),
      new Sink(Pattern.compile("ApiError\\.(?:forbidden|unauthorized)\\s*\\("), 0, ""),
      new Sink(Pattern.compile("ApiError\\.notFound\\s*\\("), 0, " not found"),
      new Sink(Pattern.compile("(?<![\\w.]log)\\.error\\s*\\("), 1, ""),
      new Sink(Pattern.compile("(?<![\\w.])error\\s*\\("), 1, ""),
      new Sink(Pattern.compile("\\.matching\\s*\\("), 3, ""),
      new Sink(Pattern.compile("(?<![\\w.])refused\\s*\\("), 0, ""),
      new Sink(Pattern.compile("Limit\\.from\\s*\\("), 5, ""),
      new Sink(Pattern.compile("new Limit\\s*\\("), 4, ""),
      new Sink(Pattern.compile("reasons\\.add\\s*\\("), 0, ""),
      new Sink(Pattern.compile("(?<![\\w])problem\\s*\\("), 2, ""),
      new Sink(Pattern.compile("(?<![\\w])out\\.put\\s*\\("), 1, "", "JsonChecks.java"),
      new Sink(Pattern.compile("(?<![\\w.])error\\s*\\("), 2, "", "Session.java"));

  /** A reason a check hands back to be put into a message: {@code return "is not a known user";}. */
  private static final Pattern REASON = Pattern.compile("return (\"[a-z][a-z ',()-]* [a-z ',()-]*\");");

  private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*;");
  private static final Pattern SENTENCE = Pattern.compile("\"([A-Z][^\"]*)\"");

  /** The texts with the file each was first found in. */
  static Map<String, String> all(Path sources) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = withoutComments(Files.readString(file));
        Map<String, String> constants = new TreeMap<>();
        Matcher c = CONSTANT.matcher(text);
        while (c.find()) constants.put(c.group(1), c.group(2));
        for (Sink sink : SINKS) {
          if (sink.onlyIn() != null && !file.getFileName().toString().equals(sink.onlyIn())) continue;
          Matcher m = sink.start().matcher(text);
          while (m.find()) {
            String arg = argument(text, m.end(), sink.argument());
            if (arg == null) continue;
            for (String message : texts(arg, constants)) out.putIfAbsent(message + sink.suffix(), file.getFileName().toString());
          }
        }
        Matcher r = REASON.matcher(text);
        while (r.find()) out.putIfAbsent(unescape(r.group(1).substring(1, r.group(1).length() - 1)), file.getFileName().toString());
        if (file.getParent().getFileName().toString().equals("workflow")) {
          Matcher s = SENTENCE.matcher(text);
          while (s.find()) {
            String literal = s.group(1);
            if (literal.matches("(SELECT|INSERT|UPDATE|DELETE|ARRAY|WITH)\\b.*")) continue;
            int lineStart = text.lastIndexOf('\n', s.start()) + 1;
            int lineEnd = text.indexOf('\n', s.start());
            String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
            for (String message : texts(expressionAround(line, s.start() - lineStart), constants)) {
              out.putIfAbsent(message, file.getFileName().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.keySet().removeIf(t -> t.isBlank() || t.equals("{}") || !t.matches(".*[A-Za-z].*"));
    return out;
  }

  private static String withoutComments(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ").replaceAll("\\s// [^\"\\n]*$", " ");
  }

  /** The n-th argument of the call whose '(' is at {@code open - 1}, or null. */
  private static String argument(String text, int open, int n) {
    int depth = 0;
    int index = 0;
    int begin = open;
    for (int i = open; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        i = endOfLiteral(text, i);
        continue;
      }
      if (ch == '\'') {
        i = text.indexOf('\'', i + (text.charAt(i + 1) == '\\' ? 3 : 2));
        continue;
      }
      if (ch == '(' || ch == '[' || ch == '{') depth++;
      else if ((ch == ')' || ch == ']' || ch == '}') && depth > 0) depth--;
      else if ((ch == ',' || ch == ')') && depth == 0) {
        if (index == n) return text.substring(begin, i).strip();
        if (ch == ')') return null;
        index++;
        begin = i + 1;
      }
    }
    return null;
  }

  private static int endOfLiteral(String text, int quote) {
    for (int i = quote + 1; i < text.length(); i++) {
      if (text.charAt(i) == '\\') i++;
      else if (text.charAt(i) == '"') return i;
    }
    return text.length();
  }

  /** From a line, the string expression around the literal at {@code at}: its concatenation with neighbours. */
  private static String expressionAround(String line, int at) {
    int begin = at;
    int end = endOfLiteral(line, at) + 1;
    while (true) {
      String before = line.substring(0, begin).stripTrailing();
      if (!before.endsWith("+")) break;
      String rest = before.substring(0, before.length() - 1).stripTrailing();
      int b = rest.length();
      if (rest.endsWith("\"")) {
        b = rest.lastIndexOf('"', rest.length() - 2);
        while (b > 0 && rest.charAt(b - 1) == '\\') b = rest.lastIndexOf('"', b - 2);
      } else {
        while (b > 0 && (Character.isJavaIdentifierPart(rest.charAt(b - 1)) || ".()".indexOf(rest.charAt(b - 1)) >= 0)) b--;
      }
      if (b < 0 || b == rest.length()) break;
      begin = b;
    }
    while (true) {
      String after = line.substring(end).stripLeading();
      if (!after.startsWith("+")) break;
      int offset = line.length() - after.length() + 1;
      String rest = line.substring(offset).stripLeading();
      int s = line.length() - rest.length();
      int e;
      if (rest.startsWith("\"")) e = endOfLiteral(line, s) + 1;
      else {
        e = s;
        int depth = 0;
        while (e < line.length()) {
          char ch = line.charAt(e);
          if (ch == '(') depth++;
          else if (ch == ')') { if (depth == 0) break; depth--; }
          else if (depth == 0 && !(Character.isJavaIdentifierPart(ch) || ch == '.')) break;
          e++;
        }
      }
      if (e == s) break;
      end = e;
    }
    return line.substring(begin, end);
  }

  /** The texts an argument can be: each branch of a condition, its literals kept and the rest as {}. */
  static List<String> texts(String expression, Map<String, String> constants) {
    List<String> out = new ArrayList<>();
    for (String branch : branches(expression)) {
      StringBuilder text = new StringBuilder();
      boolean anyLiteral = false;
      for (String part : split(branch, '+')) {
        String p = part.strip();
        if (constants.containsKey(p)) p = constants.get(p);
        if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
          text.append(unescape(p.substring(1, p.length() - 1)));
          anyLiteral = true;
        } else if (!(text.length() >= 2 && text.substring(text.length() - 2).equals("{}"))) {
          text.append("{}");
        }
      }
      if (anyLiteral) out.add(text.toString());
    }
    return out;
  }

  /** The ends of a {@code cond ? a : b} (nested), or the expression itself. */
  private static List<String> branches(String expression) {
    List<String> q = split(expression, '?');
    if (q.size() < 2) return List.of(expression);
    String rest = String.join("?", q.subList(1, q.size()));
    List<String> colon = split(rest, ':');
    List<String> out = new ArrayList<>();
    if (colon.size() < 2) return List.of(expression);
    out.addAll(branches(colon.get(0)));
    out.addAll(branches(String.join(":", colon.subList(1, colon.size()))));
    return out;
  }

  /** Splits at {@code sep} outside literals and brackets. */
  private static List<String> split(String expression, char sep) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int begin = 0;
    for (int i = 0; i < expression.length(); i++) {
      char ch = expression.charAt(i);
      if (ch == '"') { i = endOfLiteral(expression, i); continue; }
      if (ch == '\'') { int close = expression.indexOf('\'', i + 2); if (close > 0) i = close; continue; }
      if (ch == '(' || ch == '[' || ch == '{') depth++;
      else if (ch == ')' || ch == ']' || ch == '}') depth--;
      else if (ch == sep && depth == 0) {
        if (sep == ':' && i + 1 < expression.length() && expression.charAt(i + 1) == ':') { i++; continue; }
        parts.add(expression.substring(begin, i));
        begin = i + 1;
      }
    }
    parts.add(expression.substring(begin));
    return parts;
  }

  private static String unescape(String s) {
    return s.replace("\\\"", "\"").replace("\\'", "'").replace("\\n", "\n").replace("\\\\", "\\");
  }

  public static void main(String[] args) {
    all(Path.of("src/main/java")).forEach((k, v) -> System.out.println(k + "\t" + v));
  }
}
