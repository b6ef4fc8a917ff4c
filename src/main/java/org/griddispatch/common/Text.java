package org.griddispatch.common;

/**
 * What a stored text may hold. Refused rather than stripped, so that nothing a client sent is
 * silently changed: control characters other than newline (LF, CR) and tab, which terminals and
 * XML choke on; Unicode noncharacters (U+FFFE, U+FFFF and the like, never meant for interchange,
 * and forbidden in XML); and unpaired surrogates, which are not text at all and cannot be encoded
 * in UTF-8 (the database refuses them).
 */
public final class Text {
  private Text() {}

  /** Why {@code s} may not be stored, or null when it may. */
  public static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (isNoncharacter(Character.toCodePoint(c, s.charAt(++i)))) return "contains a Unicode noncharacter";
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate (not valid Unicode)";
      } else if (isControl(c)) {
        return "contains control characters";
      } else if (isNoncharacter(c)) {
        return "contains a Unicode noncharacter";
      }
    }
    return null;
  }

  /** C0 and C1 controls and DEL, except the newline and tab a multi-line text needs. */
  private static boolean isControl(char c) {
    return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7F && c <= 0x9F);
  }

  /** U+FDD0..U+FDEF and the last two code points of every plane. */
  private static boolean isNoncharacter(int cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  }

  /** Whether XML 1.0 allows the code point in a document at all (escaped or not). */
  public static boolean isXmlChar(int cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /** A number given as text, or null when it is not one or not finite ("NaN", "Infinity", 1e400). */
  public static Double finiteNumber(String raw) {
    if (raw == null) return null;
    try {
      double v = Double.parseDouble(raw.strip());
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
