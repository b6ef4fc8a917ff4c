package org.griddispatch.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo mode answers a resident's sign-in code only to a caller on this machine, judged from the TCP
 * peer; a caller from any other address never gets it, whatever forwarding headers it sends.
 */
class DevCodeTest extends NodeTest {

  @Test
  void aCallerOnThisMachineGetsTheCode() {
    Api.Response r = api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("devCode")).matches("\\d{6}");
  }

  @Test
  void aCallerFromAnotherAddressNeverGetsIt() throws SocketException {
    String address = nonLoopbackAddress();
    Assumptions.assumeTrue(address != null, "this machine has no address but loopback (LocalCallerTest covers the decision)");
    WebClient elsewhere = org.griddispatch.support.ApiContract.watch(WebClient.create(vertx, new WebClientOptions().setDefaultHost(address).setDefaultPort(node.port())));
    try {
      var r = elsewhere.post("/api/v1/auth/resident/code")
          .putHeader("X-Forwarded-For", "127.0.0.1").putHeader("Forwarded", "for=127.0.0.1").putHeader("X-Real-IP", "127.0.0.1")
          .sendJsonObject(new JsonObject().put("phone", phone())).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getBoolean("sent")).isTrue();
      assertThat(r.bodyAsJsonObject().containsKey("devCode")).as(r.bodyAsString()).isFalse();
    } finally {
      elsewhere.close();
    }
  }

  /** An IPv4 address of this machine other than loopback, which the node (listening on all) answers on. */
  static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) continue;
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
      }
    }
    return null;
  }

  static String phone() {
    return "139" + String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
  }
}
