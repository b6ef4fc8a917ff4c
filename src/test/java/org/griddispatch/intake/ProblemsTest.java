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
}
