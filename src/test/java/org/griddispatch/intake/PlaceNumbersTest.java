package org.griddispatch.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Building, entrance, flat and door numbers compared kind with kind, in both directions. */
class PlaceNumbersTest {

  /** Whether two descriptions name the same building ({@code sameNumber}), checked both ways. */
  private static boolean same(String a, String b) {
    boolean ab = Wording.of(a).sameNumber(Wording.of(b));
    assertThat(Wording.of(b).sameNumber(Wording.of(a))).as("same, the other way round: %s / %s", b, a).isEqualTo(ab);
    return ab;
  }

  /** Whether two descriptions name only different places ({@code otherNumbers}), checked both ways. */
  private static boolean other(String a, String b) {
    boolean ab = Wording.of(a).otherNumbers(Wording.of(b));
    assertThat(Wording.of(b).otherNumbers(Wording.of(a))).as("other, the other way round: %s / %s", b, a).isEqualTo(ab);
    return ab;
  }

  @Test
  void anotherBuildingOfOneCompoundIsAnotherPlace() {
    // the defect: both say 18号, so the set of numbers shared one and the pair was "the same building"
    String a = "育才路18号院3栋楼道灯不亮", b = "育才路18号院9栋楼道灯不亮";
    assertThat(same(a, b)).isFalse();
    assertThat(other(a, b)).isTrue();
    // as alike as a resident's repeat and within hours: the deployed rule would merge it, but for the numbers
    String x = "育才路18号院3栋楼道里的声控灯坏了一个多星期了，晚上上下楼黑乎乎的，老人摔了好几次",
        y = "育才路18号院9栋楼道里的声控灯坏了一个多星期了，晚上上下楼黑乎乎的，老人摔了好几次";
    Duplicates.Settings s = DuplicateEvaluation.DEFAULTS;
    Duplicates.Signals g = Duplicates.signals(Wording.of(x), Wording.of(y), 20, 2, Commonness.Telling.ALL);
    assertThat(g.bigrams()).isGreaterThanOrEqualTo(s.mergeRepeat());
    assertThat(g.otherNumber()).isTrue();
    assertThat(s.merges(new Duplicates.Candidate(java.util.UUID.randomUUID(), "CX-1", Duplicates.score(g, s), g))).isFalse();
    assertThat(same("育才路18号院3栋楼道灯不亮", "育才路18号院3栋的楼道灯坏了")).isTrue();
    assertThat(other("育才路18号院3栋楼道灯不亮", "育才路18号院3栋的楼道灯坏了")).isFalse();
  }

  @Test
  void aBuildingNumberIsNotADoorNumber() {
    // 3号楼 is building 3: the same as 3栋 and 三幢, another than 5栋; not door 3
    assertThat(same("锦华苑3号楼漏水", "锦华苑3栋漏水")).isTrue();
    assertThat(same("锦华苑3号楼漏水", "锦华苑三幢漏水")).isTrue();
    assertThat(other("锦华苑3号楼漏水", "锦华苑5栋漏水")).isTrue();
    assertThat(same("东风路3号楼漏水", "东风路3号门口漏水")).isFalse();
    assertThat(other("东风路3号楼漏水", "东风路3号门口漏水")).isFalse();
    // 号楼 before a word of position reads as the door number (东风路12号 + 楼下): 6号楼前 is not 10号院's building
    assertThat(other("三光街6号楼前水管爆了", "三光街10号院后门水管也爆了")).isTrue();
    assertThat(same("东风路12号停水", "东风路12号楼下的公共取水点水龙头被人拆走了")).isTrue();
    assertThat(same("紫竹坊5号楼楼上装修", "紫竹坊5栋楼上装修")).isTrue();
    // 号 and 号院 are one kind, the door of a street and the compound behind it
    assertThat(same("育才路18号门口垃圾没人清", "育才路18号院门口垃圾没人清")).isTrue();
    assertThat(other("育才路18号门口垃圾没人清", "育才路20号院门口垃圾没人清")).isTrue();
  }

  @Test
  void chineseNumeralsCountAsTheirValue() {
    assertThat(same("清风小区三栋停电", "清风小区3栋停电")).isTrue();
    assertThat(same("红星四村十二号楼停水", "红星四村12号楼停水")).isTrue();
    assertThat(same("锦华苑5栋1单元楼道燃气味很大", "锦华苑5栋一单元一进门就一股子臭鸡蛋味")).isTrue();
    assertThat(other("梨园新村四栋二单元", "梨园新村4栋3单元")).isTrue();
    assertThat(same("观澜府5栋三零二室漏水", "观澜府5栋302室漏水")).isTrue();
    assertThat(PlaceNumbers.chinese("二十三")).isEqualTo("23");
    assertThat(PlaceNumbers.chinese("一百零二")).isEqualTo("102");
    assertThat(PlaceNumbers.chinese("十")).isEqualTo("10");
  }

  @Test
  void eachKindWithItsKind() {
    // another entrance or flat of the same building: another place
    assertThat(other("锦华苑5栋1单元楼道灯不亮", "锦华苑5栋2单元楼道灯不亮")).isTrue();
    assertThat(other("观澜府5栋301室漏水", "观澜府5栋302室漏水")).isTrue();
    // the building with and without its entrance: the same building, no conflict
    assertThat(same("锦华苑5栋楼道灯不亮", "锦华苑5栋2单元楼道灯不亮")).isTrue();
    assertThat(other("锦华苑5栋楼道灯不亮", "锦华苑5栋2单元楼道灯不亮")).isFalse();
    // an entrance alone against a building and entrance: 2单元 is in every building, so not the same building
    assertThat(same("2单元楼道灯不亮", "锦华苑5栋2单元楼道灯不亮")).isFalse();
    assertThat(other("2单元楼道灯不亮", "锦华苑5栋2单元楼道灯不亮")).isFalse();
  }

  @Test
  void aCompoundAloneAgainstACompoundAndBuildingIsNeitherSameNorOther() {
    String compound = "育才路18号院里垃圾堆了好几天", building = "育才路18号院3栋楼下垃圾堆了好几天";
    assertThat(other(compound, building)).isFalse();
    assertThat(same(compound, building)).isFalse();
  }

  @Test
  void notPlaceNumbers() {
    // a date's day, households counted, buildings counted, a floor
    assertThat(Wording.of("5月3号开始就停水了").numbers().isEmpty()).isTrue();
    assertThat(Wording.of("楼下两户人家吵架，就我们一户").numbers().isEmpty()).isTrue();
    assertThat(Wording.of("旁边两栋楼全都停电").numbers().isEmpty()).isTrue();
    assertThat(Wording.of("3楼漏水").numbers().isEmpty()).isTrue();
    assertThat(Wording.of("观澜府5栋502户漏水").numbers()).isEqualTo(new PlaceNumbers(
        java.util.Set.of("5"), java.util.Set.of(), java.util.Set.of("502"), java.util.Set.of()));
    // no number on either side: neither the same nor another
    assertThat(same("路灯不亮", "锦华苑5栋路灯不亮")).isFalse();
    assertThat(other("路灯不亮", "锦华苑5栋路灯不亮")).isFalse();
  }

  @Test
  void theAddressNumbersCountWithTheText() {
    Wording a = Wording.of("楼道灯不亮", "育才路18号院3栋");
    Wording b = Wording.of("楼道灯不亮", "育才路18号院9栋");
    assertThat(a.sameNumber(b)).isFalse();
    assertThat(a.otherNumbers(b)).isTrue();
    assertThat(a.sameNumber(Wording.of("3栋楼道灯不亮", "育才路18号院"))).isTrue();
  }
}
