package org.griddispatch.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which peers count as this machine: loopback literals only, never a name and never another address of the host. */
class LocalCallerTest {
  @Test
  void loopbackAddressesAreLocal() {
    assertThat(LocalCaller.isLoopback("127.0.0.1")).isTrue();
    assertThat(LocalCaller.isLoopback("127.3.2.1")).isTrue(); // all of 127.0.0.0/8
    assertThat(LocalCaller.isLoopback("::1")).isTrue();
    assertThat(LocalCaller.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(LocalCaller.isLoopback("0:0:0:0:0:0:0:1%lo")).isTrue();
    assertThat(LocalCaller.isLoopback("::ffff:127.0.0.1")).isTrue(); // IPv4 loopback on a dual-stack socket
  }

  @Test
  void everythingElseIsNot() {
    assertThat(LocalCaller.isLoopback("192.0.2.2")).isFalse();
    assertThat(LocalCaller.isLoopback("10.0.0.1")).isFalse();
    assertThat(LocalCaller.isLoopback("128.0.0.1")).isFalse();
    assertThat(LocalCaller.isLoopback("0.0.0.0")).isFalse();
    assertThat(LocalCaller.isLoopback("fd00::2")).isFalse();
    assertThat(LocalCaller.isLoopback("::ffff:10.0.0.1")).isFalse();
    assertThat(LocalCaller.isLoopback("localhost")).isFalse(); // a name is never resolved
    assertThat(LocalCaller.isLoopback("127.0.0.1.example.com")).isFalse();
    assertThat(LocalCaller.isLoopback("")).isFalse();
    assertThat(LocalCaller.isLoopback(null)).isFalse();
  }
}
