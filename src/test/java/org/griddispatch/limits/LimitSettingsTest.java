package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;
import org.griddispatch.AppConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LimitSettingsTest {
  @Test
  void theShippedConfigurationSaysWhatTheBuiltInDefaultsSay() {
    LimitSettings shipped = LimitSettings.from(AppConfig.load(Map.of()).json());
    assertThat(shipped).isEqualTo(LimitSettings.from(new JsonObject()));
    assertThat(shipped.enabled()).isTrue();
    assertThat(shipped.signInPerIp().max()).isEqualTo(30);
    assertThat(shipped.filingPerAccount().windowSeconds()).isEqualTo(3600);
  }

  @Test
  void offFromTheEnvironment() {
    assertThat(LimitSettings.from(AppConfig.load(Map.of("DISPATCH_RATE_LIMITS", "off")).json()).enabled()).isFalse();
  }
}
