package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockoutTest {
  @Test
  void nothingBelowTheThresholdThenDoublingUpToTheCap() {
    Lockout lockout = new Lockout(5, 60, 3600, 86_400);
    assertThat(lockout.lockSecondsAfter(1)).isZero();
    assertThat(lockout.lockSecondsAfter(4)).isZero();
    assertThat(lockout.lockSecondsAfter(5)).isEqualTo(60);
    assertThat(lockout.lockSecondsAfter(6)).isEqualTo(120);
    assertThat(lockout.lockSecondsAfter(8)).isEqualTo(480);
    assertThat(lockout.lockSecondsAfter(11)).isEqualTo(3600);
    assertThat(lockout.lockSecondsAfter(1_000)).isEqualTo(3600);
  }

  @Test
  void defaultsAndNonsense() {
    assertThat(LimitSettings.from(new JsonObject()).lockout()).isEqualTo(new Lockout(5, 60, 3600, 86_400));
    assertThatThrownBy(() -> new Lockout(0, 60, 3600, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lockout(5, 60, 30, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
