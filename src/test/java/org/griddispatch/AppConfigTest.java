package org.griddispatch;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {
  @Test
  void rateLimitsAreOnUnlessTheEnvironmentSaysOff() {
    assertThat(AppConfig.load(Map.of()).rateLimits()).isTrue();
    assertThat(AppConfig.load(Map.of("DISPATCH_RATE_LIMITS", "off")).rateLimits()).isFalse();
    assertThat(AppConfig.load(Map.of("DISPATCH_RATE_LIMITS", "ON")).rateLimits()).isTrue();
    assertThatThrownBy(() -> AppConfig.load(Map.of("DISPATCH_RATE_LIMITS", "false")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on or off");
  }

  @Test
  void trustedProxiesFromTheEnvironment() {
    assertThat(AppConfig.load(Map.of()).json().getJsonArray("trustedProxies")).isEmpty();
    assertThat(AppConfig.load(Map.of("DISPATCH_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")).json().getJsonArray("trustedProxies"))
        .containsExactly("127.0.0.1", "10.0.0.0/8");
  }
}
