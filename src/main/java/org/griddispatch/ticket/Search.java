package org.griddispatch.ticket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a search ({@code GET /tickets?q=}) looks for, as the SQL condition of a listing: a ticket
 * number exactly, a phone number whole or its last four digits, or else words (Chinese substrings)
 * of the description or address, all of them. Each form has its index (migration V41): the number's
 * unique index, {@code tickets_phone}, {@code tickets_phone_last4}, and the GIN index of the text's
 * two-character pieces ({@code search_grams}), which narrows the rows that LIKE then checks.
 */
public final class Search {
  private Search() {}

  public static final int MAX_LENGTH = 100;
  private static final Pattern NUMBER = Pattern.compile("(?i)[A-Z]{1,8}-\\d{8}-\\d{1,12}");
  private static final Pattern PHONE = Pattern.compile("[\\d\\s+-]{7,20}");

  /** The kind of search {@code q} is, for the docs and tests. */
  public enum Kind { NUMBER, PHONE, LAST_FOUR, WORDS }

  public static Kind kind(String q) {
    String s = q.strip();
    if (NUMBER.matcher(s).matches()) return Kind.NUMBER;
    if (s.matches("\\d{4}")) return Kind.LAST_FOUR;
    if (PHONE.matcher(s).matches() && digits(s).length() >= 7) return Kind.PHONE;
    return Kind.WORDS;
  }

  /** The condition on {@code tickets} for {@code q}; {@code params} receives its parameters. */
  public static String condition(String q, List<Object> params) { return condition(q, params, true); }

  /**
   * The same; without {@code narrowing}, words are checked by LIKE alone, without the condition on
   * their two-character pieces that lets the GIN index find the rows (for rows read one by one).
   */
  public static String condition(String q, List<Object> params, boolean narrowing) {
    String s = q.strip();
    return switch (kind(s)) {
      case NUMBER -> "number = " + Scope.param(params, s.toUpperCase(Locale.ROOT));
      case LAST_FOUR -> "phone_last4 = " + Scope.param(params, s);
      case PHONE -> "contact_phone = " + Scope.param(params, digits(s));
      case WORDS -> words(s, params, narrowing);
    };
  }

  private static String words(String s, List<Object> params, boolean narrowing) {
    List<String> terms = List.of(s.toLowerCase(Locale.ROOT).split("\\s+"));
    Set<String> grams = new LinkedHashSet<>();
    List<String> likes = new ArrayList<>();
    for (String term : terms) {
      grams.addAll(grams(term));
      String pattern = Scope.param(params, "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      likes.add("(lower(description) LIKE " + pattern + " OR lower(address) LIKE " + pattern + ")");
    }
    StringBuilder sql = new StringBuilder("(");
    // the pieces narrow the rows through the GIN index; LIKE checks each word on what is left
    if (narrowing && !grams.isEmpty()) sql.append("search_grams @> ").append(Scope.param(params, grams.toArray(String[]::new))).append(" AND ");
    return sql.append(String.join(" AND ", likes)).append(")").toString();
  }

  /** The two-character pieces of a word, as {@code search_grams()} cuts the text. */
  static List<String> grams(String term) {
    List<String> out = new ArrayList<>();
    int[] cps = term.codePoints().toArray();
    for (int i = 0; i + 1 < cps.length; i++) out.add(new String(cps, i, 2));
    return out;
  }

  private static String digits(String s) { return s.replaceAll("\\D", ""); }
}
