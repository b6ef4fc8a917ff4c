package org.griddispatch.intake;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The building, entrance, flat and door numbers a report names (3栋, 2单元, 302室, 18号院), each kind
 * compared only with its own kind: 育才路18号院3栋 and 育才路18号院9栋 share the compound's 18号 and
 * name two buildings, so they are two places, not one.
 *
 * <ul>
 *   <li>building: 栋, 幢, 号楼 (3号楼 is building 3, not door 3; but see {@link #NUMBER} for 12号楼下);</li>
 *   <li>entrance: 单元;</li>
 *   <li>flat: 室, and 户 after a number of three digits or more (502户; 两户人家, 一户 count households);</li>
 *   <li>door or compound: 号, 号院 (a street's door number and the compound behind it are one number;
 *       not a date's day, 5月3号).</li>
 * </ul>
 * Chinese numerals count as their value (三栋 = 3栋, 十二号楼 = 12号楼, 三零二室 = 302室); 两 is left out,
 * as it counts things (两栋楼之间) rather than names one.
 */
record PlaceNumbers(Set<String> buildings, Set<String> entrances, Set<String> flats, Set<String> doors) {
  static final PlaceNumbers NONE = new PlaceNumbers(Set.of(), Set.of(), Set.of(), Set.of());

  private static final String CHINESE = "零〇一二三四五六七八九十百";
  /**
   * 号楼 before a word of position (楼下, 楼顶, 楼前, 楼道, 楼梯…) reads both ways: 12号楼下 is as often
   * "below No. 12" (东风路12号 + 楼下) as "below building 12", so it counts as the door number it was
   * before, and only 号楼 followed by anything else (3号楼一单元, 5号楼楼上, 十二号楼停水) is a building.
   */
  private static final Pattern NUMBER = Pattern.compile("(月)?(\\p{Nd}+|[" + CHINESE + "]+)(号楼(?![下上顶底前后边旁侧外里道梯])|号院|栋|幢|单元|室|户|号)");

  /** The numbers of a normalized text (letters and digits only, as {@link Wording} keeps it). */
  static PlaceNumbers of(String normalized) {
    Set<String> buildings = new TreeSet<>(), entrances = new TreeSet<>(), flats = new TreeSet<>(), doors = new TreeSet<>();
    Matcher m = NUMBER.matcher(normalized);
    while (m.find()) {
      String digits = m.group(2);
      boolean arabic = Character.isDigit(digits.charAt(0));
      String n = arabic ? String.valueOf(Long.parseLong(digits.length() > 9 ? digits.substring(digits.length() - 9) : digits))
          : chinese(digits);
      if (n == null) continue;
      switch (m.group(3)) {
        case "栋", "幢", "号楼" -> buildings.add(n);
        case "单元" -> entrances.add(n);
        case "室" -> flats.add(n);
        case "户" -> { if (arabic && digits.length() >= 3) flats.add(n); }
        default -> { if (m.group(1) == null) doors.add(n); } // 号, 号院; 5月3号 is a day
      }
    }
    if (buildings.isEmpty() && entrances.isEmpty() && flats.isEmpty() && doors.isEmpty()) return NONE;
    return new PlaceNumbers(Set.copyOf(buildings), Set.copyOf(entrances), Set.copyOf(flats), Set.copyOf(doors));
  }

  boolean isEmpty() {
    return buildings.isEmpty() && entrances.isEmpty() && flats.isEmpty() && doors.isEmpty();
  }

  /**
   * Both name the same building: no kind both name differs, at least one kind is shared, and if
   * either names a building the other names it too. A report naming only the compound (18号院) and one
   * naming the compound and a building (18号院3栋) do not conflict, but are not "the same building"
   * either: a compound holds many buildings, and this flag lets a merge on agreement skip the distance
   * check and tells the centre "同一楼栋", which the first report does not say. The same holds for an
   * entrance or a flat without a building against one with it (2单元 is in every building).
   */
  boolean same(PlaceNumbers other) {
    if (isEmpty() || other.isEmpty() || differ(other)) return false;
    if (buildings.isEmpty() != other.buildings.isEmpty()) return false;
    return shares(buildings, other.buildings) || shares(entrances, other.entrances) || shares(flats, other.flats)
        || shares(doors, other.doors);
  }

  /** Some kind both name differs (3栋 / 9栋 at 18号院; 2单元 / 3单元 of 5栋): two places. */
  boolean differ(PlaceNumbers other) {
    return disjoint(buildings, other.buildings) || disjoint(entrances, other.entrances) || disjoint(flats, other.flats)
        || disjoint(doors, other.doors);
  }

  private static boolean shares(Set<String> a, Set<String> b) {
    for (String n : a) if (b.contains(n)) return true;
    return false;
  }

  /** Both name numbers of this kind and none of them is the same (a report naming 3栋 and 5栋 agrees with 3栋). */
  private static boolean disjoint(Set<String> a, Set<String> b) {
    return !a.isEmpty() && !b.isEmpty() && !shares(a, b);
  }

  /** 三 = 3, 十二 = 12, 二十三 = 23, 一百零二 = 102, 三零二 = 302 (read digit by digit); null if not a number. */
  static String chinese(String s) {
    if (s.indexOf('十') < 0 && s.indexOf('百') < 0) {
      long v = 0;
      for (int i = 0; i < s.length(); i++) v = v * 10 + digit(s.charAt(i));
      return s.length() > 9 ? null : String.valueOf(v);
    }
    long total = 0, current = 0;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '百') { total += (any ? current : 1) * 100; current = 0; any = false; }
      else if (c == '十') { total += (any ? current : 1) * 10; current = 0; any = false; }
      else { current = digit(c); any = true; }
    }
    return String.valueOf(total + current);
  }

  private static int digit(char c) {
    return c == '零' || c == '〇' ? 0 : "一二三四五六七八九".indexOf(c) + 1;
  }
}
