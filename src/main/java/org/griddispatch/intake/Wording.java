package org.griddispatch.intake;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.common.Term;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's description taken apart once, to be compared with many: its character bigrams (an exact
 * or reordered repeat), its words as synonym keys, each weighted by what it tells (a place word
 * little, a problem word much), and the building and door numbers it names. A report is compared
 * with up to {@code dedup.candidates} others and a node takes apart every open report of the window
 * at start, so the comparison is a merge of sorted arrays.
 */
record Wording(String normalized, long[] bigrams, String[] keys, float[] weights, Set<String> numbers) {
  /** Words that only say where: the candidates are near already, so they count for little. */
  private static final Set<String> PLACE = Set.of("街", "路", "小区", "门口", "大门", "楼下", "楼道", "楼", "院", "苑",
      "路口", "附近", "旁边", "边上", "前面", "后面", "对面", "周边", "片区", "一带", "这边", "那里", "这里", "地方");
  /** The 12345 hotline's formula ("市民反映…，请相关部门尽快处置"): in every one of its reports. */
  private static final Set<String> FORMULA = Set.of("市民", "反映", "来电", "来电人", "相关", "部门", "尽快", "处置",
      "处理", "核查", "核实", "查处", "要求", "协助", "存在", "请", "某");
  private static final float PLACE_WEIGHT = 0.3f;
  private static final float TIME_WEIGHT = 0.5f;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9]+");

  /** A building, door or entrance number: two reports naming different ones are about different places. */
  private static final Pattern NUMBER = Pattern.compile("(\\d+)(栋|幢|单元|号)");

  static {
    for (String w : Synonyms.words()) CustomDictionary.add(w); // kept whole: 没电, not 没 + 电
  }

  static Wording of(String text) {
    String normalized = normalize(text);
    long[] bigrams = bigrams(normalized);
    Map<String, Float> words = new TreeMap<>();
    // a run of Latin letters and digits (a plate, a meter number, a reference) is one word that tells
    // reports apart; the segmenter would cut it into single letters every such run shares
    StringBuilder rest = new StringBuilder();
    Matcher id = IDENTIFIER.matcher(normalized);
    int from = 0;
    while (id.find()) {
      if (id.group().length() < 4 || id.group().chars().allMatch(Character::isDigit)) continue;
      words.put(id.group(), 1f);
      rest.append(normalized, from, id.start()).append('，');
      from = id.end();
    }
    rest.append(normalized, from, normalized.length());
    for (Term term : HanLP.segment(rest.toString())) {
      float weight = weight(term);
      if (weight > 0) words.merge(Synonyms.key(term.word), weight, Math::max);
    }
    String[] keys = words.keySet().toArray(String[]::new);
    float[] weights = new float[keys.length];
    for (int i = 0; i < keys.length; i++) weights[i] = words.get(keys[i]);
    Set<String> numbers = new TreeSet<>();
    Matcher m = NUMBER.matcher(normalized);
    while (m.find()) numbers.add(m.group(1) + (m.group(2).equals("幢") ? "栋" : m.group(2)));
    // the text itself matters only to compare texts too short for a bigram
    return new Wording(bigrams.length == 0 ? normalized : "", bigrams, keys, weights, Set.copyOf(numbers));
  }

  /** The bigrams alone, as duplicate detection took a text apart before it knew words: for comparing the two. */
  static Wording bigramsOnly(String text) {
    String normalized = normalize(text);
    long[] bigrams = bigrams(normalized);
    return new Wording(bigrams.length == 0 ? normalized : "", bigrams, new String[0], new float[0], Set.of());
  }

  /** Letters and digits only (CJK included), lower-cased: punctuation and spacing carry no meaning here. */
  private static String normalize(String text) {
    String t = text == null ? "" : text;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Distinct bigrams, two code points packed in a long, sorted. */
  private static long[] bigrams(String normalized) {
    int[] cps = normalized.codePoints().toArray();
    long[] grams = new long[Math.max(0, cps.length - 1)];
    for (int i = 0; i + 1 < cps.length; i++) grams[i] = ((long) cps[i] << 32) | cps[i + 1];
    Arrays.sort(grams);
    int distinct = 0;
    for (int i = 0; i < grams.length; i++) if (i == 0 || grams[i] != grams[i - 1]) grams[distinct++] = grams[i];
    return Arrays.copyOf(grams, distinct);
  }

  /** 0 for a word that says nothing of the problem: function words, numbers, the hotline's formula. */
  private static float weight(Term term) {
    String w = term.word;
    String nature = term.nature == null ? "" : term.nature.toString();
    if (FORMULA.contains(w)) return 0;
    if (Synonyms.isKnown(w)) return 1;
    if (PLACE.contains(w)) return PLACE_WEIGHT;
    if (nature.startsWith("w") || nature.startsWith("m") || nature.startsWith("q") || nature.startsWith("u")
        || nature.startsWith("p") || nature.startsWith("c") || nature.startsWith("e") || nature.startsWith("y")
        || nature.startsWith("r") || nature.startsWith("d") || CoreStopWordDictionary.contains(w)) return 0;
    // names of streets, estates and shops (HanLP tags them as place, person or other proper names)
    if (nature.startsWith("ns") || nature.startsWith("nr") || nature.startsWith("nz") || nature.startsWith("nt")
        || nature.equals("j") || nature.equals("ng") || nature.equals("s") || nature.equals("f")) return PLACE_WEIGHT;
    if (nature.equals("t")) return TIME_WEIGHT;
    return 1;
  }

  /** Dice coefficient of the bigrams, in [0, 1]: 1 for the same text whatever its punctuation. */
  double bigramSimilarity(Wording other) {
    long[] x = bigrams;
    long[] y = other.bigrams;
    if (x.length == 0 || y.length == 0) return normalized.equals(other.normalized) && !normalized.isEmpty() ? 1.0 : 0.0;
    int common = 0;
    for (int i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] == y[j]) { common++; i++; j++; }
      else if (x[i] < y[j]) i++;
      else j++;
    }
    return 2.0 * common / (x.length + y.length);
  }

  /**
   * The weighted words both say, in [0, 1]: the mean of the Dice coefficient (both say the same) and
   * the overlap with the shorter (a brief report inside a long one) of the two weight sums.
   */
  double wordSimilarity(Wording other) {
    double mine = sum(weights);
    double theirs = sum(other.weights);
    if (mine == 0 || theirs == 0) return 0;
    double common = 0;
    for (int i = 0, j = 0; i < keys.length && j < other.keys.length; ) {
      int c = keys[i].compareTo(other.keys[j]);
      if (c == 0) { common += Math.min(weights[i], other.weights[j]); i++; j++; }
      else if (c < 0) i++;
      else j++;
    }
    return (2 * common / (mine + theirs) + common / Math.min(mine, theirs)) / 2;
  }

  /** Both name a building or door number and none of them is the same. */
  boolean otherNumbers(Wording other) {
    return !numbers.isEmpty() && !other.numbers.isEmpty() && numbers.stream().noneMatch(other.numbers::contains);
  }

  private static double sum(float[] weights) {
    double s = 0;
    for (float w : weights) s += w;
    return s;
  }
}
