package org.griddispatch.webhooks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A receiver's token in its address's query never reaches a listing, a recorded error or a log. */
class ReceiverAddressTest {
  @Test
  void anAddressIsShownWithoutItsQuery() {
    assertThat(Deliveries.endpoint("https://hooks.example.gov.cn:8443/in/dispatch?token=s3cret&x=1"))
        .isEqualTo("https://hooks.example.gov.cn:8443/in/dispatch");
  }

  @Test
  void anErrorNamingTheRequestLosesItsQuery() {
    String error = "io.vertx.core.http.impl.NoStackTraceTimeoutException: The timeout period of 10000ms has been exceeded"
        + " while executing POST /in/dispatch?token=s3cret&x=1 for server hooks.example.gov.cn:8443";
    assertThat(Deliveries.withoutQueries(error))
        .doesNotContain("s3cret")
        .contains("POST /in/dispatch?… for server hooks.example.gov.cn:8443");
    assertThat(Deliveries.withoutQueries("HTTP 500")).isEqualTo("HTTP 500");
    assertThat(Deliveries.withoutQueries("connection refused: hooks.example.gov.cn/10.0.0.5:8443"))
        .isEqualTo("connection refused: hooks.example.gov.cn/10.0.0.5:8443");
  }
}
