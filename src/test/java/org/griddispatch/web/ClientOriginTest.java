package org.griddispatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientOriginTest {
  private static ClientOrigin trusting(String... proxies) {
    return new ClientOrigin(new JsonObject().put("trustedProxies", new JsonArray(java.util.List.of(proxies))));
  }

  @Test
  void byDefaultThePeerIsTheClientWhateverItForwards() {
    ClientOrigin origin = trusting();
    assertThat(origin.clientIp("198.51.100.9", "203.0.113.5")).isEqualTo("198.51.100.9");
    assertThat(origin.secure("198.51.100.9", false, "https")).isFalse();
    assertThat(origin.secure("198.51.100.9", true, null)).isTrue();
  }

  @Test
  void aTrustedProxyVouchesForTheAddressItWasConnectedFrom() {
    ClientOrigin origin = trusting("127.0.0.1", "10.0.0.0/8");
    assertThat(origin.clientIp("127.0.0.1", "203.0.113.5")).isEqualTo("203.0.113.5");
    // a client's own X-Forwarded-For is kept by nginx on the left: only the right end is believed
    assertThat(origin.clientIp("127.0.0.1", "1.2.3.4, 203.0.113.5")).isEqualTo("203.0.113.5");
    // through two proxies of ours
    assertThat(origin.clientIp("127.0.0.1", "1.2.3.4, 203.0.113.5, 10.1.2.3")).isEqualTo("203.0.113.5");
    assertThat(origin.clientIp("127.0.0.1", null)).isEqualTo("127.0.0.1");
    assertThat(origin.clientIp("127.0.0.1", "not-an-address")).isEqualTo("127.0.0.1");
    assertThat(origin.clientIp("127.0.0.1", "[2001:db8::1]")).isEqualTo("2001:db8::1");
    assertThat(origin.secure("127.0.0.1", false, "https")).isTrue();
    assertThat(origin.secure("127.0.0.1", false, "http")).isFalse();
    assertThat(origin.secure("192.0.2.1", false, "https")).as("not a proxy of ours").isFalse();
  }

  @Test
  void rangesAreAddressesOrCidrBlocksNeverNames() {
    assertThat(AddressRange.parse("10.0.0.0/8").contains("10.200.3.4")).isTrue();
    assertThat(AddressRange.parse("10.0.0.0/8").contains("11.0.0.1")).isFalse();
    assertThat(AddressRange.parse("fd00::/8").contains("fd12::1")).isTrue();
    assertThat(AddressRange.parse("fd00::/8").contains("10.0.0.1")).isFalse();
    assertThat(AddressRange.literal("999.1.1.1")).isNull();
    assertThat(AddressRange.literal("localhost")).isNull();
    assertThatThrownBy(() -> AddressRange.parse("proxy.example.org")).isInstanceOf(IllegalArgumentException.class);
  }
}
