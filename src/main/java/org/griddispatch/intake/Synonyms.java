package org.griddispatch.intake;

import com.hankcs.hanlp.dictionary.CoreSynonymDictionary;
import com.hankcs.hanlp.dictionary.common.CommonSynonymDictionary;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One key for the words that say the same thing in a report: 煤气/燃气, 没电/停电, 路灯/街灯. The
 * 同义词词林 (HanLP's CoreSynonymDictionary) knows general Chinese; it puts 路灯 with 红绿灯 and
 * 宫灯 only as "related" and lacks the words residents use for a city's faults (没电, 下水管, 违停),
 * so a short table of those comes first. Only the 词林's exact-synonym groups ("=") are used, and only
 * for words of two characters or more: single characters there are too ambiguous (坏 sits with 很).
 */
final class Synonyms {
  /** Each line a group: the first word is the key. */
  private static final List<String> GROUPS = List.of(
      "燃气 煤气 天然气 天燃气", "漏气 泄漏 泄露",
      "停电 没电 断电 跳闸", "停水 没水 断水 不来水 没来水 出不来水",
      "路灯 街灯 照明灯", "不亮 熄 熄灭 坏 故障 损坏 损毁 破损",
      "坑 坑洼 坑槽 大坑 坑坑洼洼", "塌陷 塌 下陷 陷",
      "下水道 下水管 排水管 排水管道 下水口 雨水井 阴沟 排水沟", "堵 堵塞 不通 堵住",
      "违停 乱停 违章停车 乱停车", "噪声 噪音 吵 太吵 吵死 扰民",
      "违建 违章建筑 私搭乱建 乱搭乱建 加盖 加建 搭建 违法搭建",
      "走失 走丢", "老人 老年人 大爷 奶奶 老太太 爷爷 老奶奶 老大爷",
      "马蜂窝 蜂巢 蜂窝 胡蜂巢", "流浪狗 野狗 流浪犬", "流浪猫 野猫",
      "漏水 渗水 冒水 喷水 爆 爆裂 破裂 漏", "水管 供水管 管道 管子 管线 供水管道",
      "护栏 栏杆 围栏", "井盖 窨井盖", "电线杆 电杆", "倾斜 歪", "倒 倒伏 刮倒",
      "发臭 臭 馊 变质", "清运 收 清 拉走", "满 满溢 溢 装不下",
      "KTV 歌厅", "工地 施工", "广场舞 跳舞", "喇叭 高音喇叭",
      "纠纷 吵架 冲突 争执 矛盾 打起来", "车位 停车位", "小广告 广告",
      "楼顶 屋顶 顶楼", "彩钢板 彩钢 铁皮",
      "异味 味 味道 气味 臭味", "闪 闪烁 一闪一闪 忽明忽暗", "松动 松 松了 晃动");

  /** The groups (by key) that say what is wrong, not with what. */
  private static final java.util.Set<String> FAULTS = java.util.Set.of("漏气", "停电", "停水", "不亮", "坑", "塌陷", "堵",
      "违停", "噪声", "违建", "走失", "漏水", "倾斜", "倒", "发臭", "满", "纠纷", "清运", "异味", "闪", "松动");

  private static final Map<String, String> KEY = new HashMap<>();
  static {
    for (String group : GROUPS) {
      String[] words = group.split(" ");
      for (String w : words) KEY.put(w, words[0]);
    }
  }

  private Synonyms() {}

  /** The words of the table, for the segmenter to keep whole. */
  static Iterable<String> words() {
    return KEY.keySet();
  }

  /** Whether the table has the word: a word of the city's faults, whatever the segmenter tags it. */
  static boolean isKnown(String word) {
    return KEY.containsKey(word);
  }

  /** Whether a word of the table says what is wrong (漏, 堵, 不亮), not what it is wrong with (水管, 路灯). */
  static boolean isFault(String word) {
    String key = KEY.get(word);
    return key != null && FAULTS.contains(key);
  }

  /** Whether a key is that of a fault group of the table (停电, 漏水, 闪). */
  static boolean isFaultKey(String key) {
    return FAULTS.contains(key);
  }

  /** The key of a word: its group's, or the word itself. */
  static String key(String word) {
    String own = KEY.get(word);
    if (own != null) return own;
    if (word.length() < 2) return word;
    CommonSynonymDictionary.SynonymItem item = CoreSynonymDictionary.get(word);
    if (item == null || item.entry.type != com.hankcs.hanlp.corpus.synonym.Synonym.Type.EQUAL) return word;
    return "#" + item.entry.id; // the group's id: one key for all its words
  }
}
