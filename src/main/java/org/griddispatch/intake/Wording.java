package org.griddispatch.intake;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.dictionary.stopword.CoreStopWordDictionary;
import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's description taken apart once, to be compared with many: its character bigrams (an exact
 * or reordered repeat), its words as synonym keys, each weighted by what it tells (a place word
 * little, a problem word much), and the building, entrance, flat and door numbers it names, each
 * kind compared with its kind ({@link PlaceNumbers}). A report is compared with up to
 * {@code dedup.candidates} others and a node takes apart every open report of the window at start,
 * so the comparison is a merge of sorted arrays.
 */
record Wording(String normalized, long[] bigrams, String[] keys, float[] weights, byte[] kinds, String[] words, PlaceNumbers numbers,
               Set<String> names, long problems, int sides) {
  /** A problem word's kind: what is wrong (不亮, 漏, 堵, 臭) or what it is wrong with (路灯, 水管, 早餐店). */
  static final byte OTHER = 0, OBJECT = 1, FAULT = 2;
  /** Words that only say where: the candidates are near already, so they count for little. */
  private static final Set<String> PLACE = Set.of("街", "路", "小区", "门口", "大门", "楼下", "楼道", "楼", "院", "苑",
      "路口", "附近", "旁边", "小学", "中学", "学校", "菜市场", "市场", "公园", "人行道", "广场", "超市", "商场",
      "楼上", "地下室", "单元", "家", "我家", "家里", "邻居", "边上", "前面", "后面", "对面", "周边", "片区", "一带", "这边", "那里", "这里", "地方",
      "公交站", "站台", "公交站台", "大街", "北路", "南路", "东路", "西路", "中路");
  /** Verbs around a problem, not the problem (说, 担心, 派, 找): not fault words, whatever the segmenter tags them. */
  private static final Set<String> AROUND = Set.of("说", "想", "需要", "担心", "怕", "会", "快", "起来", "没法", "见", "出去", "下来",
      "进", "进去", "下去", "出", "走", "找", "看", "看到", "发现", "觉得", "感觉", "好像", "应该", "希望", "麻烦", "帮忙", "派",
      "敲", "接", "应", "打电话", "投诉", "知道", "不知道", "有人", "住", "生活", "影响", "危险", "安全", "严重", "容易", "直接",
      "突然", "使用", "发生", "成问题", "没用", "出事", "来", "去", "到", "做", "弄", "搞", "放", "拿", "赶紧", "赶快", "及时",
      "马上", "解决", "管", "不管", "理", "不理", "问", "回", "回家", "上去", "过去", "经过", "走过", "路过", "闻到", "闻", "听到",
      "听", "没人", "已有", "已经", "担心出事");
  /** HanLP's stop words that are what is wrong in a report (狗叫, 冒水, 冒烟): kept as words. */
  private static final Set<String> KEPT = Set.of("叫", "冒");
  /** Nouns the segmenter tags as verbs (包子铺 as 包子 + 铺): what a fault is about, not the fault. */
  private static final Set<String> NOT_FAULT = Set.of("铺", "站");
  /** What follows a name in an address. */
  private static final Set<String> SUFFIX = Set.of("小区", "苑", "路", "街", "院", "花园", "公园", "广场", "大厦", "村", "里",
      "社区", "市场", "菜市场", "小学", "中学", "幼儿园", "医院", "商场", "超市", "大街", "大道", "巷", "新村",
      "北路", "南路", "东路", "西路", "中路", "北街", "南街", "东街", "西街");
  /** What follows a landmark a report places itself by (银行门口, 邮局旁边): another landmark is another place. */
  private static final Set<String> BESIDE = Set.of("门口", "门前", "旁边", "旁", "对面", "后门", "边上", "附近", "楼下");
  /** Place words that are landmarks when one stands before {@link #BESIDE} (小学门口 and 超市门口 are two places). */
  private static final Set<String> LANDMARK = Set.of("小学", "中学", "学校", "菜市场", "市场", "公园", "超市", "商场", "广场",
      "幼儿园", "医院");
  /** The 12345 hotline's formula ("市民反映…，请相关部门尽快处置"): in every one of its reports. */
  private static final Set<String> FORMULA = Set.of("市民", "反映", "来电", "来电人", "相关", "部门", "尽快", "处置",
      "处理", "核查", "核实", "查处", "要求", "协助", "存在", "请", "某");
  private static final float PLACE_WEIGHT = 0.3f;
  private static final float TIME_WEIGHT = 0.5f;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9]+");

  static {
    for (String w : Synonyms.words()) CustomDictionary.add(w); // kept whole: 没电, not 没 + 电
    for (String w : List.of("公交站", "公交站台")) CustomDictionary.add(w, "n 1024");
  }

  static Wording of(String text) {
    return of(text, null);
  }

  /** A description, with the building and door numbers of the report's address (if any) among its own. */
  static Wording of(String text, String address) {
    return of(text, address, null);
  }

  /**
   * A description of a report of {@code category}, with the building and door numbers of its address
   * (if any) among its own, and the kinds of fault of the category it names ({@link Problems}).
   */
  static Wording of(String text, String address, String category) {
    String normalized = normalize(text);
    long[] bigrams = Bigrams.of(normalized);
    Map<String, Float> words = new TreeMap<>();
    Map<String, String> said = new java.util.HashMap<>(); // a key's first word as the report says it, for a reason
    Map<String, Byte> kind = new java.util.HashMap<>(); // a fault word, or the object one is about (a fault wins)
    // a run of Latin letters and digits (a plate, a meter number, a reference) is one word that tells
    // reports apart; the segmenter would cut it into single letters every such run shares
    StringBuilder rest = new StringBuilder();
    Set<String> names = new TreeSet<>(); // with the places' names: two reports naming different plates are two problems
    Matcher id = IDENTIFIER.matcher(normalized);
    int from = 0;
    while (id.find()) {
      if (id.group().length() < 4 || id.group().chars().allMatch(Character::isDigit)) continue;
      words.put(id.group(), 1f);
      names.add(id.group());
      said.putIfAbsent(id.group(), id.group());
      rest.append(normalized, from, id.start()).append('，');
      from = id.end();
    }
    rest.append(normalized, from, normalized.length());
    List<Term> terms = HanLP.segment(rest.toString());
    for (int t = 0; t < terms.size(); t++) {
      Term term = terms.get(t);
      float weight = weight(term);
      // a name before 小区, 苑, 路, 街 (幸福小区, 锦华苑): part of an address, whatever the segmenter tags it
      String next = t + 1 < terms.size() ? terms.get(t + 1).word : "";
      if (weight > PLACE_WEIGHT && SUFFIX.contains(next) && !Synonyms.isKnown(term.word)) {
        weight = PLACE_WEIGHT;
        names.add(term.word);
      } else if (BESIDE.contains(next) && term.word.length() >= 2 && !Synonyms.isKnown(term.word)
          && (weight > PLACE_WEIGHT && isNoun(term) || LANDMARK.contains(term.word))) {
        // a landmark a report says where by (银行门口, 邮局旁边, 小学门口): which place, not what is wrong
        weight = PLACE_WEIGHT;
        names.add(term.word);
      } else if (weight == PLACE_WEIGHT && !PLACE.contains(term.word) && term.word.length() >= 2 && isName(term)) {
        names.add(term.word); // a street's, an estate's or a shop's name (not 中段, 楼前: where, not which place)
      }
      if (weight <= 0) continue;
      String key = Synonyms.key(term.word);
      words.merge(key, weight, Math::max);
      said.putIfAbsent(key, term.word);
      kind.merge(key, weight >= 1 ? kindOf(term) : OTHER, (x, y) -> (byte) Math.max(x, y));
    }
    String[] keys = words.keySet().toArray(String[]::new);
    float[] weights = new float[keys.length];
    String[] surface = new String[keys.length];
    byte[] kinds = new byte[keys.length];
    for (int i = 0; i < keys.length; i++) {
      weights[i] = words.get(keys[i]);
      surface[i] = said.get(keys[i]);
      kinds[i] = kind.getOrDefault(keys[i], OTHER);
    }
    // the address's numbers with the text's (normalize drops punctuation, so a space keeps them apart)
    PlaceNumbers numbers = PlaceNumbers.of(address == null ? normalized : normalized + " " + normalize(address));
    // the text itself matters only to compare texts too short for a bigram
    return new Wording(bigrams.length == 0 ? normalized : "", bigrams, keys, weights, kinds, surface, numbers,
        Set.copyOf(names), Problems.of(category, normalized), Sides.of(normalized));
  }

  /**
   * Both name a side of the place and none in common ({@link Sides}: 东门 / 西边): two spots of one park
   * or street, whatever else they share. A merge needs one spot; a flag does not look.
   */
  boolean otherSide(Wording other) {
    return Sides.apart(sides, other.sides);
  }

  /** The bigrams alone, as duplicate detection took a text apart before it knew words: for comparing the two. */
  static Wording bigramsOnly(String text) {
    String normalized = normalize(text);
    long[] bigrams = Bigrams.of(normalized);
    return new Wording(bigrams.length == 0 ? normalized : "", bigrams, new String[0], new float[0], new byte[0], new String[0], PlaceNumbers.NONE,
        Set.of(), 0, 0);
  }

  /** Letters and digits only (CJK included), lower-cased: punctuation and spacing carry no meaning here. */
  private static String normalize(String text) {
    String t = text == null ? "" : text;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(b::appendCodePoint);
    return b.toString();
  }

  /**
   * Whether a problem word says what is wrong (a verb or an adjective as HanLP tags it: 漏, 堵, 臭, 歪;
   * or a fault of the table: 不亮, 停电) or what it is wrong with (a noun: 路灯, 水管, 早餐店).
   */
  private static byte kindOf(Term term) {
    if (Synonyms.isKnown(term.word)) return Synonyms.isFault(term.word) ? FAULT : OBJECT;
    if (AROUND.contains(term.word)) return OTHER;
    if (NOT_FAULT.contains(term.word)) return OBJECT;
    String nature = term.nature == null ? "" : term.nature.toString();
    return nature.startsWith("v") || nature.startsWith("a") || nature.equals("i") || nature.equals("l") ? FAULT : OBJECT;
  }

  /** A noun as HanLP tags it (not a verb or an adjective: 堵门口 is what is wrong). */
  private static boolean isNoun(Term term) {
    String nature = term.nature == null ? "" : term.nature.toString();
    return nature.startsWith("n");
  }

  /** A proper name, as HanLP tags places, people, organisations and other names. */
  private static boolean isName(Term term) {
    String nature = term.nature == null ? "" : term.nature.toString();
    return nature.startsWith("ns") || nature.startsWith("nr") || nature.startsWith("nz") || nature.startsWith("nt");
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
        || nature.startsWith("r") || nature.startsWith("d") || CoreStopWordDictionary.contains(w) && !KEPT.contains(w)) return 0;
    // names of streets, estates and shops (HanLP tags them as place, person or other proper names)
    if (isName(term) || nature.equals("j") || nature.equals("ng") || nature.equals("s") || nature.equals("f")) return PLACE_WEIGHT;
    if (nature.equals("t")) return TIME_WEIGHT;
    return 1;
  }

  /** Dice coefficient of the bigrams ({@link Bigrams}), in [0, 1]: 1 for the same text whatever its punctuation. */
  double bigramSimilarity(Wording other) {
    if (bigrams.length == 0 || other.bigrams.length == 0) return normalized.equals(other.normalized) && !normalized.isEmpty() ? 1.0 : 0.0;
    return Bigrams.similarity(bigrams, other.bigrams);
  }

  /**
   * What the weighted words of both say, in one pass: with each weight multiplied by how much the word
   * tells within the category ({@code telling}: 1 for a rare word, less for one most reports of the
   * category share), the Dice coefficient and the overlap with the shorter; and the same without the
   * discount; and how much of the fewer fault words the other says. {@code {dice, contained, plainDice,
   * plainContained, faults}}, each in [0, 1].
   */
  double[] overlap(Wording other, Commonness.Telling telling) {
    double mine = 0, theirs = 0, common = 0, plainMine = 0, plainTheirs = 0, plainCommon = 0;
    double[] kindMine = new double[3], kindTheirs = new double[3], kindCommon = new double[3];
    // a fault word only one says, on each side; fault groups of the table on each side, and one only one names
    boolean faultMine = false, faultTheirs = false, groupMine = false, groupTheirs = false, groupsDiffer = false;
    int i = 0, j = 0;
    while (i < keys.length || j < other.keys.length) {
      int c = i == keys.length ? 1 : j == other.keys.length ? -1 : keys[i].compareTo(other.keys[j]);
      if (c <= 0 && i < keys.length) {
        kindMine[kinds[i]] += weights[i] * telling.of(keys[i]);
        if (kinds[i] == FAULT) {
          if (c < 0 && weights[i] >= 1) faultMine = true;
          if (Synonyms.isFaultKey(keys[i])) { groupMine = true; groupsDiffer |= c < 0; }
        }
      }
      if (c >= 0 && j < other.keys.length) {
        kindTheirs[other.kinds[j]] += other.weights[j] * telling.of(other.keys[j]);
        if (other.kinds[j] == FAULT) {
          if (c > 0 && other.weights[j] >= 1) faultTheirs = true;
          if (Synonyms.isFaultKey(other.keys[j])) { groupTheirs = true; groupsDiffer |= c > 0; }
        }
      }
      if (c == 0) {
        double t = telling.of(keys[i]);
        kindCommon[Math.max(kinds[i], other.kinds[j])] += Math.min(weights[i], other.weights[j]) * t;
        plainMine += weights[i]; plainTheirs += other.weights[j];
        plainCommon += Math.min(weights[i], other.weights[j]);
        mine += weights[i] * t; theirs += other.weights[j] * t;
        common += Math.min(weights[i], other.weights[j]) * t;
        i++; j++;
      } else if (c < 0) { plainMine += weights[i]; mine += weights[i] * telling.of(keys[i]); i++; }
      else { plainTheirs += other.weights[j]; theirs += other.weights[j] * telling.of(other.keys[j]); j++; }
    }
    double[] out = new double[7];
    // a fault word each says that the other does not (狗叫 / 狗拉屎, 肉馅发臭 / 占道): each tells of another problem
    if (faultMine && faultTheirs) out[5] = 1;
    // both name faults of the table's groups and not the same ones (停电 / 停电 + 闪)
    if (groupMine && groupTheirs && groupsDiffer) out[6] = 1;
    if (mine > 0 && theirs > 0) { out[0] = 2 * common / (mine + theirs); out[1] = common / Math.min(mine, theirs); }
    // the faults both say, over the fewer faults of the two (a brief report's one fault inside a long one's)
    if (kindMine[FAULT] > 0 && kindTheirs[FAULT] > 0) out[4] = kindCommon[FAULT] / Math.min(kindMine[FAULT], kindTheirs[FAULT]);
    if (plainMine > 0 && plainTheirs > 0) {
      out[2] = 2 * plainCommon / (plainMine + plainTheirs);
      out[3] = plainCommon / Math.min(plainMine, plainTheirs);
    }
    return out;
  }

  /** The problem words both use (not place or time words), the most telling first, as "mine/theirs" where they differ. */
  List<String> sharedWords(Wording other, Commonness.Telling telling) {
    record Shared(String word, double weight) {}
    List<Shared> shared = new ArrayList<>();
    for (int i = 0, j = 0; i < keys.length && j < other.keys.length; ) {
      int c = keys[i].compareTo(other.keys[j]);
      if (c == 0) {
        if (weights[i] >= 1 && other.weights[j] >= 1) {
          shared.add(new Shared(words[i].equals(other.words[j]) ? words[i] : words[i] + "/" + other.words[j], telling.of(keys[i])));
        }
        i++; j++;
      } else if (c < 0) i++;
      else j++;
    }
    shared.sort(java.util.Comparator.comparingDouble(Shared::weight).reversed());
    return shared.stream().map(Shared::word).toList();
  }

  /** Both name the same building (or door, where neither names a building), each kind of number with its kind: {@link PlaceNumbers#same}. */
  boolean sameNumber(Wording other) {
    return numbers.same(other.numbers);
  }

  /**
   * Each names a street, an estate or a shop the other does not (文林街 and 东风路 on 建国路), or an
   * identifier (a plate, a meter number): two places, or two things.
   */
  boolean otherNames(Wording other) {
    if (names.isEmpty() || other.names.isEmpty()) return false;
    boolean mine = false;
    for (String n : names) if (!other.names.contains(n)) { mine = true; break; }
    if (!mine) return false;
    for (String n : other.names) if (!names.contains(n)) return true;
    return false;
  }

  /**
   * Both name a kind of fault of their category, and one in common (不亮 / 黑漆漆: the light is off); a
   * qualifier in common (半夜 / 半夜: when) is not one ({@link Problems#QUALIFIERS}).
   */
  boolean sameProblem(Wording other) {
    return (problems & other.problems & ~Problems.QUALIFIERS) != 0;
  }

  /**
   * Each names a kind of fault of their category that the other does not (不亮 / 白天一直亮着; 消防通道
   * 被车堵住 / 消防通道上私装地锁): two problems. One that names more of the same (a long report's
   * 不亮 and 黑漆漆 against a brief one's 不亮) is not.
   */
  boolean otherProblem(Wording other) {
    return (problems & ~other.problems) != 0 && (other.problems & ~problems) != 0;
  }

  /**
   * Both name exactly the same kinds of fault of their category, at least one (不亮 / 黑漆漆): no kind
   * named by one only, not even more of the same (燃气表漏气 / 燃气表走得快: the meter named by both, the
   * leak by one). What a merge on agreement needs; a flag needs less ({@link #sameProblem}).
   */
  boolean sameKinds(Wording other) {
    return (problems & ~Problems.QUALIFIERS) != 0 && problems == other.problems;
  }

  /** Some kind of number both name differs (3栋 / 9栋 at one 18号院): two places, whatever else they share. */
  boolean otherNumbers(Wording other) {
    return numbers.differ(other.numbers);
  }
}
