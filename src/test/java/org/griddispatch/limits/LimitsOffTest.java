package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the limits off ({@code limits.enabled: false}, what DISPATCH_RATE_LIMITS=off sets), as on the
 * shared test node: nothing beyond the defaults is refused or locked. The per-phone code window stays.
 */
class LimitsOffTest extends NodeTest {
  @Test
  void failedSignInsLockNothing() {
    for (int i = 0; i < 8; i++) {
      assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", "dept-property").put("password", "wrong"))
          .status()).isEqualTo(401);
    }
    assertThat(api.post("/api/v1/auth/login", null, new JsonObject().put("username", "dept-property").put("password", "demo1234"))
        .status()).isEqualTo(200);
    assertThat(db.one("SELECT locked_until FROM users WHERE username = 'dept-property'").getValue(0)).isNull();
  }

  @Test
  void oneAddressRequestsCodesForManyPhones() {
    for (int i = 0; i < 25; i++) { // the default allows 20 per address in 10 minutes
      String phone = String.format("1360000%04d", i);
      assertThat(api.post("/api/v1/auth/resident/code", null, new JsonObject().put("phone", phone)).status()).isEqualTo(200);
    }
  }

  @Test
  void aResidentFilesManyReportsAboutOnePlace() {
    for (int i = 0; i < 21; i++) { // the defaults allow 10 per account and 20 per place in an hour
      // outside every grid (the centre's queue), where no other test counts tickets
      assertThat(api.post("/api/v1/tickets", api.resident("13800000003"),
          Api.report("streetlight", Points.OUTSIDE[0], Points.OUTSIDE[1], "路灯坏了")).status()).isEqualTo(201);
    }
    assertThat(db.count("SELECT count(*) FROM rate_windows")).isZero();
  }
}
