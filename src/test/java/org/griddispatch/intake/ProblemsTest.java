package org.griddispatch.intake;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The kinds of fault of a category a report names, and what they do to a pair at one place. */
class ProblemsTest {
  private static final Duplicates.Settings S = DuplicateEvaluation.DEFAULTS;
  /** The merge on agreement switched on: what it would merge, to show it does not merge these. */
  private static final Duplicates.Settings AGREEING = S.onAgreement(true);

  private static Duplicates.Signals pair(String category, String a, String b, double meters, double hours) {
    return Duplicates.signals(Wording.of(a, null, category), Wording.of(b, null, category), meters, hours, Commonness.Telling.ALL);
  }

  private static Duplicates.Candidate candidate(Duplicates.Signals g) {
    return new Duplicates.Candidate(UUID.randomUUID(), "CX-1", Duplicates.score(g, S), g);
  }

  private static java.util.List<String> kinds(String category, String text) {
    return Problems.names(category, Wording.of(text, null, category).problems());
  }

  @Test
  void theWordsOfOneFaultNameOneKind() {
    assertThat(kinds("streetlight", "楼下路灯不亮了，晚上走路很黑")).containsExactly("off");
    assertThat(kinds("streetlight", "小区门口那盏路灯坏了好几天，一到晚上就黑漆漆的")).containsExactly("off");
    assertThat(kinds("streetlight", "路灯一闪一闪的")).containsExactly("flicker");
    assertThat(kinds("streetlight", "路灯大白天也一直亮着")).containsExactly("day");
    assertThat(kinds("streetlight", "路灯杆子歪了")).containsExactly("pole");
    assertThat(kinds("water_leak", "楼上空调外机一直滴水")).containsExactly("drip");
    assertThat(kinds("water_leak", "楼道水管爆了，哗哗往外流")).containsExactly("leak");
    assertThat(kinds("road_damage", "路口井盖下沉了")).containsExactly("coversunk");
    assertThat(kinds("road_damage", "路口井盖被人偷了")).containsExactly("covermissing");
    // a word that says only that something is wrong names no kind; nor does a report of no category
    assertThat(kinds("streetlight", "路灯坏了")).isEmpty();
    assertThat(Wording.of("路灯不亮").problems()).isZero();
    assertThat(kinds("no_such_category", "路灯不亮")).isEmpty();
  }

  @Test
  void twoFaultsAtOnePlaceAreTwoProblemsNeitherFlaggedNorMerged() {
    String[][] others = {
        {"streetlight", "和平里5栋门口路灯不亮", "和平里5栋门口路灯白天也一直亮着，浪费电"},
        {"streetlight", "建国路天桥下路灯不亮", "建国路天桥下路灯一闪一闪的，晃得人眼花"},
        {"water_leak", "东湖花园3栋楼道水管漏水", "东湖花园3栋楼上空调外机一直在滴水"},
        {"gas_leak", "锦华苑5栋1单元楼道燃气味很浓", "锦华苑5栋1单元燃气表箱门坏了关不上"},
        {"road_damage", "育才路青年路路口井盖下沉", "育才路青年路路口井盖被人偷了，只剩一个洞"},
        {"power_outage", "翠竹苑6栋停电了", "翠竹苑6栋电压不稳，灯忽明忽暗"},
    };
    for (String[] o : others) {
      // at one place, two hours apart, in the same words but the fault: what closeness alone would flag
      Duplicates.Signals g = pair(o[0], o[1], o[2], 10, 2);
      assertThat(g.otherProblem()).as("%s / %s", o[1], o[2]).isTrue();
      assertThat(g.sameProblem()).as("%s / %s", o[1], o[2]).isFalse();
      Duplicates.Candidate c = candidate(g);
      assertThat(c.score()).as("%s / %s", o[1], o[2]).isLessThan(S.flagAt());
      assertThat(AGREEING.merges(c)).as("%s / %s", o[1], o[2]).isFalse();
      // both ways round
      assertThat(pair(o[0], o[2], o[1], 10, 2).otherProblem()).isTrue();
    }
  }

  @Test
  void oneFaultInOtherWordsAgreesAndIsFlagged() {
    String[][] same = {
        {"streetlight", "楼下路灯不亮了，晚上走路很黑", "小区门口那盏路灯坏了好几天，一到晚上就黑漆漆的"},
        {"water_leak", "三光街6号楼前水管漏水", "三光街6号楼前水管爆了，水哗哗地往外冒"},
        {"drainage_blockage", "建国路文林街路口下水道堵了", "建国路文林街路口雨水井不通，路面全是积水"},
        {"water_outage", "桃园新村6栋停水了", "桃园新村6栋从早上到现在一直没水"},
    };
    for (String[] d : same) {
      Duplicates.Signals g = pair(d[0], d[1], d[2], 30, 3);
      assertThat(g.sameProblem()).as("%s / %s", d[1], d[2]).isTrue();
      assertThat(g.otherProblem()).as("%s / %s", d[1], d[2]).isFalse();
      assertThat(candidate(g).score()).as("%s / %s", d[1], d[2]).isGreaterThanOrEqualTo(S.flagAt());
    }
  }

  @Test
  void aLongReportNamingMoreOfTheSameFaultIsNotAnotherProblem() {
    Duplicates.Signals g = pair("drainage_blockage", "柳岸小区5栋下水道堵了",
        "柳岸小区5栋下水道堵了好几天，污水往外冒，臭得不行", 20, 4);
    assertThat(g.sameProblem()).isTrue();
    assertThat(g.otherProblem()).isFalse();
    // where one names no kind, the vocabulary says nothing either way
    Duplicates.Signals generic = pair("streetlight", "文林街路灯坏了", "文林街路灯一闪一闪的", 20, 4);
    assertThat(generic.sameProblem()).isFalse();
    assertThat(generic.otherProblem()).isFalse();
  }

  @Test
  void inEveryCategoryOneFaultAgreesAndTwoFaultsDiffer() {
    String[][] cases = { // S: one problem in other words; D: two problems at one place
      {"S","streetlight","公园北门那排路灯全灭了","北门那一片晚上漆黑一片，灯都不亮"},
      {"D","streetlight","公园北门路灯不亮","公园北门路灯的灯罩裂了，碎片掉在地上"},
      {"S","water_leak","单元门口地下水管破了在往外喷水","单元门口的管子爆了，水流得到处都是"},
      {"D","water_leak","单元门口水管漏水","单元门口消火栓被撞坏了"},
      {"S","water_outage","小区今天一早就停水了","一早起来水龙头里一滴水都没有"},
      {"D","water_outage","小区停水了","小区的自来水发黄，有铁锈味"},
      {"S","drainage_blockage","菜场后面的下水道堵死了，污水往外冒","菜场后面的排水沟不通，脏水漫得到处都是"},
      {"D","drainage_blockage","菜场后面下水道堵了","菜场后面那个井盖没了，晚上很危险"},
      {"S","gas_leak","楼道里燃气味很重","一进楼道就闻到一股煤气味，很刺鼻"},
      {"D","gas_leak","楼道里有燃气味","楼下饭店在人行道上用液化气罐炒菜"},
      {"S","garbage","小区东门垃圾桶满了好几天没人清","东门那几个垃圾箱早就装不下了，垃圾溢到地上"},
      {"D","garbage","小区东门垃圾桶满了","小区东门有人晚上在烧垃圾，烟很呛"},
      {"S","illegal_construction","3栋顶楼有人在加盖房子","3栋楼顶正在搭一层彩钢房"},
      {"D","illegal_construction","3栋顶楼违规加盖","3栋一楼住户把承重墙砸了"},
      {"S","illegal_parking","消防通道又被私家车堵了","几辆车停在消防车道上，消防车根本进不来"},
      {"D","illegal_parking","消防通道被车堵了","小区门口有人私自装地锁占车位"},
      {"S","neighbor_dispute","楼上的狗天天叫，晚上睡不着","楼上养的狗一直叫个不停，说了也不管"},
      {"D","neighbor_dispute","楼上的狗天天叫","楼上邻居在楼道里堆满了杂物"},
      {"S","noise","对面工地半夜还在打桩","对面工地夜里施工，机器声吵得睡不着"},
      {"D","noise","对面工地半夜打桩","楼下的烧烤摊半夜喝酒划拳"},
      {"S","power_outage","整栋楼突然停电了","我们这栋楼全黑了，家家都没电"},
      {"D","power_outage","整栋楼停电了","楼里电压不稳，灯一直忽明忽暗"},
      {"S","public_safety","广场上的广告牌松动了，风一吹就晃","广场那块大招牌摇摇晃晃的，要掉下来了"},
      {"D","public_safety","广场广告牌松动","广场边上有人高空抛物，差点砸到人"},
      {"S","road_damage","路口有个大坑，车开过去很颠","路口路面坑坑洼洼的，电动车差点摔了"},
      {"D","road_damage","路口有个大坑","路口的斑马线都磨没了，看不清"},
      {"S","elderly_care","6栋的独居老人摔倒了起不来","6栋一个人住的老大爷在家跌倒了，需要人帮忙"},
      {"D","elderly_care","6栋独居老人摔倒了","6栋的老人想申请高龄补贴"},
      {"S","food_safety","菜市场卖的猪肉已经发臭了","菜市场那家肉摊的肉都变质了，有股馊味"},
      {"D","food_safety","菜市场猪肉发臭","菜市场那家肉摊没有营业执照"},
      {"S","other","小区里的流浪狗咬了一个小孩","小区有条野狗扑上来把孩子咬伤了"},
      {"D","other","小区流浪狗咬人","小区电梯坏了，停运好几天"},
    };
    for (String[] c : cases) {
      Duplicates.Signals g = pair(c[1], c[2], c[3], 20, 2);
      double score = candidate(g).score();
      if (c[0].equals("S")) {
        assertThat(g.sameProblem() && !g.otherProblem()).as("the same problem: %s / %s", c[2], c[3]).isTrue();
        assertThat(score).as("flagged: %s / %s", c[2], c[3]).isGreaterThanOrEqualTo(S.flagAt());
      } else {
        assertThat(g.otherProblem()).as("two problems: %s / %s", c[2], c[3]).isTrue();
        assertThat(score).as("not flagged: %s / %s", c[2], c[3]).isLessThan(S.flagAt());
      }
    }
  }

  @Test
  void oneObjectWithAnotherFaultIsAnotherProblemNeitherMergedNorTheSame() {
    String[][] others = {
        {"gas_leak", "长乐里4栋燃气表接口漏气", "长乐里4栋燃气表走得特别快，这个月燃气费翻倍"},
        {"public_safety", "滨河桥上的护栏被车撞断了", "滨河桥上的护栏松了，一推就晃"},
        {"road_damage", "滨河路中间的隔离护栏被撞倒了", "滨河路中间的隔离护栏松动摇晃"},
        {"food_safety", "华联超市货架上的面包过期了还在卖", "华联超市刚买的面包长了一层绿毛"},
        {"noise", "启航路那家酒吧里面音乐开得震天响", "启航路那家酒吧门口散场的客人大声喧哗"},
        {"illegal_construction", "7号楼一楼住户在院子里搭了个铁皮棚", "7号楼一楼住户在院子里砌了一间砖房"},
        {"illegal_construction", "7号楼东侧绿地上有人盖了间小屋", "7号楼有人把楼梯间隔出来装了道铁门"},
        {"elderly_care", "长乐里一位老人今天上午走失了", "长乐里的老人经常走失，家属想申请防走失定位手环"},
        {"neighbor_dispute", "2栋邻居在楼道里给电动车充电，从窗户拉飞线", "2栋邻居把电动车停在楼道里，把过道堵了"},
        {"noise", "南湖工地周日也在施工", "南湖工地晚上十二点还在施工"},
    };
    for (String[] o : others) {
      // at one place, two hours apart: what closeness alone would merge
      Duplicates.Signals g = pair(o[0], o[1], o[2], 10, 2);
      assertThat(g.sameKinds()).as("%s / %s", o[1], o[2]).isFalse();
      assertThat(AGREEING.merges(candidate(g))).as("%s / %s", o[1], o[2]).isFalse();
      assertThat(AGREEING.merges(candidate(pair(o[0], o[2], o[1], 10, 2)))).as("%s / %s", o[2], o[1]).isFalse();
      // each names a kind the other does not (the lost old person against a tracker asked for names more: not the same either)
      if (!o[2].contains("手环")) assertThat(g.otherProblem()).as("another problem: %s / %s", o[1], o[2]).isTrue();
    }
  }

  @Test
  void oneSpecificFaultInOtherWordsNamesTheSameKinds() {
    String[][] same = {
        {"gas_leak", "长乐里4栋燃气表走得特别快", "长乐里4栋的燃气表转得飞快，燃气费比上月多了一倍"},
        {"public_safety", "滨河桥上的护栏被车撞断了", "滨河桥护栏断了一截，缺口没人管"},
        {"food_safety", "华联超市卖的面包发霉了", "华联超市买的面包长毛了"},
        {"food_safety", "华联超市卖过期酸奶", "华联超市的酸奶过了保质期还在卖"},
        {"elderly_care", "长乐里一位老人今天上午走失了", "长乐里有个老大爷早上出门到现在找不到了"},
    };
    for (String[] d : same) {
      Duplicates.Signals g = pair(d[0], d[1], d[2], 20, 2);
      assertThat(g.sameKinds()).as("%s / %s: %s / %s", d[1], d[2], kinds(d[0], d[1]), kinds(d[0], d[2])).isTrue();
      assertThat(candidate(g).score()).as("flagged: %s / %s", d[1], d[2]).isGreaterThanOrEqualTo(S.flagAt());
    }
  }

  @Test
  void twoSidesOfOnePlaceAreNotMerged() {
    Duplicates.Signals g = pair("other", "滨河公园东门有个马蜂窝", "滨河公园西边树上有个马蜂窝", 40, 2);
    assertThat(g.sameKinds()).isTrue();
    assertThat(g.otherSide()).isTrue();
    assertThat(AGREEING.merges(candidate(g))).isFalse();
    assertThat(pair("other", "滨河公园东门有个马蜂窝", "滨河公园东门边上的树上有个大马蜂窝", 40, 2).otherSide()).isFalse();
  }
}
