package org.griddispatch.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which problem of its category a report names: for each category a short vocabulary of its kinds of
 * fault, each told by the words residents and the hotline use for it (a streetlight that is off:
 * 不亮, 灭了, 黑漆漆; that flickers: 闪, 忽明忽暗; that burns by day: 白天亮, 常亮; whose pole leans:
 * 歪, 倾斜). Two reports at one place that name faults of their category and no fault in common tell
 * of two problems (路灯不亮 / 路灯白天一直亮着); naming one in common, of one (不亮 / 黑漆漆). A word that
 * says only that something is wrong (坏了, 有问题) names no kind, and a report that names none says
 * nothing either way.
 *
 * <p>A kind is found by its words in the description (letters and digits only), so it does not
 * depend on how the segmenter cuts them; {@code A+B} is found where both are (井盖+丢: the cover is
 * missing, not sunk). The vocabulary is general knowledge of each category's faults, as a dictionary
 * would give it.
 */
final class Problems {
  /** Per category, one line per kind of fault: its name, then its words. */
  private static final Map<String, List<String>> VOCABULARY = Map.ofEntries(
      Map.entry("streetlight", List.of(
          "off: 不亮 没亮 灭了 熄灭 熄了 看不见路 看不清路 黑漆漆 黑乎乎 黑咕隆咚 漆黑 一片黑 摸黑 黑灯瞎火 没开灯 不开灯 灯坏了不亮 到晚上就黑 晚上黑",
          "flicker: 闪 忽明忽暗 时亮时灭 一会亮一会 一亮一灭",
          "day: 白天 常亮 长明 一直亮着 整天亮 不关 二十四小时亮 24小时亮 彻夜 通宵亮 浪费电",
          "glare: 太亮 刺眼 晃眼 直射 照进 照得",
          "pole: 歪 倾斜 倒了 倒在 撞倒 撞弯 灯杆断 杆子断 要倒",
          "wires: 电线 电箱 线箱 箱门 漏电 裸露 露在外面 露出来 打火",
          "fixture: 灯罩 灯头 掉下来 要掉 脱落 松动 晃",
          "posted: 广告 横幅 贴满 挂满")),
      Map.entry("water_leak", List.of(
          "leak: 漏水 漏了 渗水 渗漏 渗出 淌水 往下淌 天花板 防水 冒水 喷水 爆管 爆了 爆裂 破裂 裂了 管子破 水管破 哗哗 跑水 流水 往外流 水漫 淹了",
          "pool: 喷泉 水池 池子 景观池 鱼池 泳池",
          "works: 回填 没填 挖开 开挖 挖的坑 施工 围挡",
          "drip: 滴水 空调 外机 冷凝水",
          "hydrant: 消防栓 消火栓",
          "meter: 水表",
          "tank: 水箱 水塔",
          "cover: 盖碎 盖子 箱盖 盖板 踩空",
          "stain: 发霉 霉斑 墙皮 水渍 水印 脱落",
          "waste: 浪费水 水龙头没关 长流水 没人关")),
      Map.entry("water_outage", List.of(
          "off: 停水 没水 断水 不来水 没来水 出不来水 没有水 供水中断 停供 断供 没有自来水 自来水停 水停了 来不了水 一滴水",
          "pressure: 水压 水小 水流小 水很小 细细 上不去 水量小 没劲",
          "quality: 浑浊 发黄 黄水 黄色 锈 杂质 水质 有味 异味 沉淀 白色 泥沙 消毒水 漂白 水味",
          "hydrant: 消防栓 消火栓",
          "delivery: 送水车 送水 水车 提不动",
          "tank: 水箱 蓄水池 二次供水 落叶 树叶 死虫 没盖",
          "billing: 水费 欠费 催缴 关水阀 关阀 关了阀门 水表")),
      Map.entry("drainage_blockage", List.of(
          "blocked: 堵 不通 不退 往上翻 返水 返上来 下不去 排不出 排不掉 不下水 倒灌 反水 冒水 往外冒 溢 漫 积水 淹 污水横流 满出来 冒出来",
          "smell: 臭 反味 异味 味道 熏",
          "cover: 井盖+碎 井盖+裂 井盖+坏 井盖+松 井盖+响声 井盖+哐 井盖+咣 井盖+翘 盖板 踩空",
          "covermissing: 井盖+丢 井盖+没了 井盖+偷 井盖+不见 没有井盖 没盖",
          "coversunk: 井盖+陷 井盖+沉 井盖+凹 井盖+高低",
          "leak: 漏了 漏水 接口 破了 裂了 断了 顺着外墙",
          "collapse: 塌 下陷 沉降",
          "septic: 化粪池+满 粪水 粪便",
          "pests: 老鼠 蟑螂 蚊子",
          "dumping: 泔水 倒油 地沟油 乱倒 倾倒")),
      Map.entry("gas_leak", List.of(
          "smell: 味 漏气 漏煤气 漏燃气 漏天然气 泄漏 泄露 嘶嘶 呲呲 漏了 闻到 刺鼻 臭鸡蛋 气管子漏 报警器响 报警",
          "meter: 燃气表 表箱 表具 箱门 表都露 阀门",
          "billing: 走得快 走字快 走得特别快 转得快 跑得快 飞快 读数 气费 燃气费 用气量 多扣 扣费 多收 数字跳 账单",
          "appliance: 燃气灶 灶 热水器 关不死 关不上 自闭阀",
          "cylinder: 液化气 气罐 煤气罐 钢瓶 瓶装",
          "supply: 停气 没气 打不着 点不着 火小 气小 没有气",
          "pipe: 挖断 挖破 挖沟 锈 老化 软管 私改 改管 私接")),
      Map.entry("garbage", List.of(
          "full: 满 溢 装不下 没人收 没人清 没清运 没收 没拉走 没人拉 堆成 清运 堆积 堆了 越堆越多 堆成山 好几天没 苍蝇 蛆",
          "burning: 烧 焚烧 冒烟 烟很大",
          "sorting: 分类 混在一起 混装 乱扔不分",
          "bin: 推倒 翻倒 桶坏 桶破 盖子 破了 缺桶 没有垃圾桶 桶不够 桶被 偷走",
          "leachate: 污水 渗滤液 黑水 流到",
          "dumping: 乱倒 偷倒 倾倒 乱扔 建筑垃圾 装修垃圾 装修废料 砖头 水泥 渣土 大件 家具 沙发",
          "pests: 老鼠 蟑螂",
          "noise: 噪音 噪声 太吵 很吵 吵得 声音大 声音太大 哐哐 轰隆")),
      Map.entry("illegal_construction", List.of(
          "roof: 楼顶 屋顶 顶楼 房顶 顶上 天台 加盖 加层 多盖 盖一层 加一层 盖了一层",
          "enclosure: 围起来 圈起来 圈占 围墙 占用 院子 公共",
          "corridor: 楼道 过道 走廊 楼梯间 楼梯口 隔出来 隔断 铁门 装了道门 装门",
          "green: 绿地 草坪 绿化带 花坛 种菜",
          "room: 砖房 砌 小房子 平房 小屋 盖了间 盖了个 盖了一间 建房",
          "dig: 挖 地下室 下挖",
          "structure: 承重墙 拆墙 砸墙 打通 拆了墙",
          "conversion: 改成 开店 车库改 改门面 开门面",
          "balcony: 阳台 飘窗",
          "extend: 外扩 往外扩 扩建 扩出 悬在 悬空 外挑 扩了",
          "sealing: 封阳台 封闭阳台 封窗 防盗窗 防盗网 焊架子",
          "shed: 棚 彩钢 铁皮 板房")),
      Map.entry("illegal_parking", List.of(
          "sidewalk: 人行道 盲道 斑马线",
          "bikes: 共享单车 单车 自行车 电动车 电瓶车",
          "loading: 卸货 装货 货车 送货",
          "fire: 消防通道 消防车道 消防",
          "lock: 地锁 车位锁 私装 占车位",
          "fee: 收费 收钱 收据 停车费",
          "abandoned: 僵尸车 长期停放 废弃 落满灰 几个月没动 没人开 停了半年 瘪了",
          "idling: 不熄火 发动机 冷藏机",
          "washing: 洗车",
          "posts: 隔离桩 地桩 石墩 桩",
          "entrance: 堵门 出入口 挡住 挡着 堵死 出不去 进不来 推不出 堵住",
          "bus: 公交站 公交车站 站台")),
      Map.entry("neighbor_dispute", List.of(
          "barking: 狗叫 狗+叫 犬+叫 叫个不停 一直叫 天天叫 乱叫",
          "droppings: 屎 粪 便便 尿",
          "leak: 漏水 渗水 渗到 天花板 防水",
          "noise: 噪音 噪声 跑跳 蹦 脚步 弹琴 音响 太吵 很吵 吵闹 吵得 装修",
          "parking: 车位 停车 抢车",
          "airconditioner: 空调 外机 滴水",
          "charging: 充电 飞线 拉电线 拉线",
          "ebike: 电动车+停 电动车+放 电动车+堵 电动车+占 电瓶车+停 电瓶车+放",
          "clutter: 堆 杂物 占用 种菜 绿地 楼道里放 放东西",
          "drying: 晾 晒",
          "smoke: 抽烟 烟味 油烟",
          "damage: 震裂 裂缝 墙裂 砸坏 打洞",
          "camera: 摄像头 监控 对着我家")),
      Map.entry("noise", List.of(
          "construction: 打桩 施工 机器 搅拌 挖掘机 电锯 切割",
          "renovation: 装修 电钻 敲 砸墙 冲击钻",
          "music: 广场舞 跳舞 音响 音乐 唱歌 卡拉ok",
          "venue: ktv 歌厅 酒吧 夜总会 舞厅",
          "crowd: 喧哗 吵架 大声说话 喊叫 大喊 起哄 散场 客人 顾客 打闹 划拳",
          "~night: 晚上 夜里 夜间 半夜 凌晨 深夜 整夜 通宵 十一点 十二点 睡不着",
          "~weekend: 周末 周六 周日 星期六 星期天 星期日 休息日 节假日",
          "animal: 狗 猫叫 鸡叫",
          "traffic: 鸣笛 按喇叭 渣土车 车辆 摩托 炸街 飙车 排气管 轰鸣 改装车",
          "vendor: 叫卖 促销 大喇叭 高音喇叭 招揽 甩卖",
          "upstairs: 跺脚 拖椅子 拖凳子 弹珠 跑跳 脚步",
          "nightlife: 烧烤 划拳 喝酒 夜宵 大排档",
          "machine: 空调外机 风机 水泵 机组 嗡嗡 冷却塔 变压器 油烟机 排风 排气扇",
          "light: 探照灯 灯光 照进 刺眼",
          "dirt: 泥 撒 扬尘 灰尘")),
      Map.entry("power_outage", List.of(
          "off: 停电 没电 断电 没有电 不来电 全黑 一片黑 黑了 停了电 灭了 全灭 都灭",
          "voltage: 电压 忽明忽暗 一闪一闪 闪烁 灯闪 电器烧 烧坏",
          "meter: 电费 电表 缴费 欠费 翻倍",
          "wires: 电线 漏电 电箱 电缆 火花 冒烟 着火 打火 裸露 垂下来",
          "corridor: 楼道灯 声控灯",
          "equipment: 变压器 配电房 配电箱 充电桩 嗡嗡")),
      Map.entry("public_safety", List.of(
          "sign: 广告牌 招牌 牌子 松动 要掉 摇晃",
          "pole: 电线杆+歪 电线杆+倾斜 电线杆+倒 电杆+歪 电杆+倒",
          "wires: 电线+掉 电线+垂 电缆 耷拉 裸露 触电 配电箱 电箱",
          "wall: 墙+倒 墙+塌 墙+裂 墙+歪",
          "charging: 充电 飞线 拉电线 拉线",
          "ebike: 电动车+停 电动车+放 电动车+堵 电动车+占 电瓶车+停 电瓶车+放",
          "extinguisher: 灭火器 消防栓 过期 压力表",
          "firelane: 消防通道 安全出口 杂物",
          "cover: 井盖+碎 井盖+裂 井盖+坏 井盖+松 井盖+响声 井盖+哐 井盖+咣 井盖+翘",
          "covermissing: 井盖+丢 井盖+没了 井盖+偷 井盖+不见 没有井盖",
          "coversunk: 井盖+陷 井盖+沉 井盖+凹 井盖+高低",
          "throwing: 高空抛物 扔东西 往下扔 抛物 砸",
          "trip: 钢筋 绊 露出来 尖",
          "crime: 打架 偷 盗 可疑 小偷",
          "railing: 护栏 栏杆 扶手",
          "railbroken: 护栏+断 护栏+撞 护栏+倒 护栏+缺 护栏+没了 栏杆+断 栏杆+撞 栏杆+倒 栏杆+缺 栏杆+没了 扶手+断 扶手+掉",
          "railloose: 护栏+松 护栏+晃 护栏+摇 栏杆+松 栏杆+晃 栏杆+摇 扶手+松 扶手+晃 扶手+摇",
          "tree: 树 枝",
          "fire: 着火 火灾 烟 烧",
          "slippery: 结冰 滑",
          "equipment: 健身器 秋千 滑梯 螺丝")),
      Map.entry("road_damage", List.of(
          "hole: 坑 洼 洞 塌 路面+陷 地面+陷 路面+沉 地面+沉 沉降",
          "crack: 裂 裂缝 开裂",
          "cover: 井盖+碎 井盖+裂 井盖+坏 井盖+松 井盖+响声 井盖+哐 井盖+咣 井盖+翘",
          "covermissing: 井盖+丢 井盖+没了 井盖+偷 井盖+不见 没有井盖",
          "coversunk: 井盖+陷 井盖+沉 井盖+凹 井盖+高低 井盖+凸",
          "railing: 护栏 栏杆 撞断 隔离",
          "railbroken: 护栏+断 护栏+撞 护栏+倒 护栏+缺 护栏+没了 栏杆+断 栏杆+撞 栏杆+倒 栏杆+缺 栏杆+没了",
          "railloose: 护栏+松 护栏+晃 护栏+摇 栏杆+松 栏杆+晃 栏杆+摇",
          "paving: 地砖 砖 翘 松动 碎了",
          "signs: 标线 斑马线 标志 红绿灯 信号灯 指示牌",
          "debris: 石子 碎石 砂石 泥 渣土 撒")),
      Map.entry("elderly_care", List.of(
          "fall: 摔 跌倒 晕倒 倒在 不舒服 受伤 发病 病倒 急救",
          "unseen: 没出门 没见 没人应 敲门没人 没开门 好几天没",
          "missing: 走失 走丢 不见了 找不到 迷路 没回家 没回来",
          "device: 定位 手环 防走失 呼叫器 一键呼叫 紧急呼叫 安装",
          "meals: 送餐 送饭 吃饭 食堂 饭菜 助餐 做饭",
          "price: 涨价 太贵 吃不起 价格 贵了",
          "closed: 不开门 关门 停业 没开 停办 停了",
          "benefit: 补贴 养老金 津贴 没发 补助 低保",
          "facility: 扶手 电梯 坡道 活动室 锁着 没地方去 楼梯",
          "care: 没人照顾 没人管 照料 护理 陪护 无法自理 不能自理 照顾不了 行动不便 下不了 赶出来 虐待 不管老人",
          "repair: 水龙头 维修 修理 想找人修 灯坏",
          "scam: 骗 保健品 推销")),
      Map.entry("food_safety", List.of(
          "spoiled: 变质 发臭 馊 臭 酸了",
          "expired: 过期 过了保质期 超过保质期 超保质期 过保质期 改日期 改生产日期 临期",
          "mould: 发霉 霉 长毛 绿毛",
          "foreign: 虫 头发 异物 烟头 吃出",
          "license: 无证 执照 许可证 健康证",
          "inspection: 检疫 病死 死猪 死鸡 注水 来路不明 来源不明",
          "unlabelled: 三无 生产日期 没有标签",
          "hygiene: 脏 卫生 油污 后厨 油烟 苍蝇 蟑螂 老鼠",
          "street: 占道 摆到 人行道 路边摆",
          "illness: 拉肚子 腹泻 上吐下泻 中毒 呕吐 吃坏",
          "poultry: 活禽 宰杀 血水",
          "additive: 福尔马林 添加剂 色素 甲醛 地沟油 废弃油脂 泡")),
      Map.entry("other", List.of(
          "bite: 咬 追人 扑人 见人就扑",
          "cats: 流浪猫 野猫",
          "feeding: 投喂 喂猫 喂狗 喂食",
          "injured: 受伤 不动 死了 死猫 死狗 尸体",
          "elevator: 电梯+坏 电梯+故障 电梯+停运 电梯+不能用",
          "trapped: 关人 困人 卡在 被困",
          "snake: 蛇",
          "leash: 拴绳 牵绳 遛狗",
          "hornets: 马蜂 蜂窝 蜂巢",
          "posters: 小广告 牛皮癣 涂鸦 乱贴 贴满",
          "theft: 偷 被盗 丢失",
          "tree: 树倒 倒伏 刮倒 树枝 断枝 枯树",
          "vendor: 卖 摆摊",
          "broken: 破损 损坏 断了",
          "poison: 老鼠药 投毒 毒死",
          "fishing: 电鱼 捕鱼 钓鱼"))
  );

  /**
   * A category's kinds: each kind's words, each word its parts (all must be found), and its bit. A kind
   * named {@code ~night} is a qualifier (when, not what: 半夜, 周日): its bit is {@link #QUALIFIERS},
   * which tells two problems apart (周日施工 / 半夜施工) but does not make two reports one.
   */
  private record Vocabulary(String[] names, String[][][] words, int[] bits) {}

  /** The bits of the qualifiers, above every kind's. */
  static final long QUALIFIERS = 0xFFFFFFFF00000000L;

  private static final Map<String, Vocabulary> BY_CATEGORY = new HashMap<>();
  static {
    VOCABULARY.forEach((category, lines) -> {
      String[] names = new String[lines.size()];
      String[][][] words = new String[lines.size()][][];
      int[] bits = new int[lines.size()];
      int kinds = 0, qualifiers = 0;
      for (int k = 0; k < lines.size(); k++) {
        String[] nameAndWords = lines.get(k).split(": ", 2);
        boolean qualifier = nameAndWords[0].startsWith("~");
        names[k] = qualifier ? nameAndWords[0].substring(1) : nameAndWords[0];
        bits[k] = qualifier ? 32 + qualifiers++ : kinds++;
        List<String[]> w = new ArrayList<>();
        for (String word : nameAndWords[1].split(" ")) w.add(word.split("\\+"));
        words[k] = w.toArray(String[][]::new);
      }
      if (kinds > 32 || qualifiers > 32) throw new IllegalStateException("too many kinds of " + category);
      BY_CATEGORY.put(category, new Vocabulary(names, words, bits));
    });
  }

  private Problems() {}

  /** The kinds of fault of its category a normalized description names, one bit each (0: none, or no category). */
  static long of(String category, String normalized) {
    Vocabulary v = category == null ? null : BY_CATEGORY.get(category);
    if (v == null || normalized.isEmpty()) return 0;
    long found = 0;
    for (int k = 0; k < v.words().length; k++) {
      for (String[] parts : v.words()[k]) {
        boolean all = true;
        for (String part : parts) if (!normalized.contains(part)) { all = false; break; }
        if (all) { found |= 1L << v.bits()[k]; break; }
      }
    }
    return found;
  }

  /** The names of the kinds a mask holds, for reading. */
  static List<String> names(String category, long mask) {
    Vocabulary v = category == null ? null : BY_CATEGORY.get(category);
    List<String> out = new ArrayList<>();
    if (v == null) return out;
    for (int k = 0; k < v.names().length; k++) if ((mask & 1L << v.bits()[k]) != 0) out.add(v.names()[k]);
    return out;
  }

  /** Whether a category has a vocabulary of its faults. */
  static boolean knows(String category) {
    return BY_CATEGORY.containsKey(category);
  }
}
