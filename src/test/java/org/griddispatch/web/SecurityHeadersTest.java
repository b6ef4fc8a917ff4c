package org.griddispatch.web;

import io.vertx.core.http.HttpMethod;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer carries the security headers: pages, scripts, API answers and errors alike. */
class SecurityHeadersTest extends NodeTest {
  @Test
  void onAnApiAnswerAPageAFileAndErrors() {
    String token = api.login("dispatcher");
    Api.Response[] answers = {
        api.get("/api/v1/categories", token),
        api.get("/", null),
        api.get("/center", null),
        api.get("/js/app.js", null),
        api.get("/api/v1/tickets", null), // 401
        api.get("/no/such/page", null), // 404
        api.post("/api/v1/auth/login", null, "{not json"), // 400
    };
    assertThat(answers).extracting(Api.Response::status).containsExactly(200, 200, 200, 200, 401, 404, 400);
    for (Api.Response r : answers) {
      assertThat(r.header("Content-Security-Policy")).as(r.toString())
          .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).isEqualTo("strict-origin");
      assertThat(r.header("Strict-Transport-Security")).as("plain HTTP").isNull();
    }
  }

  @Test
  void aClientSayingHttpsIsNotBelievedWithoutATrustedProxy() {
    Api.Response r = api.call(HttpMethod.GET, "/health/ready", null, null, Map.of("X-Forwarded-Proto", "https"));
    assertThat(r.header("Strict-Transport-Security")).isNull();
  }

  @Test
  void mapTilesAreAllowedFromTheirConfiguredOriginOnly() {
    assertThat(SecurityHeaders.policy(null)).contains("img-src 'self' data: blob:;");
    assertThat(SecurityHeaders.tileSource("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")).isEqualTo("https://*.tile.openstreetmap.org");
    assertThat(SecurityHeaders.tileSource("https://tiles.example.org:8443/{z}/{x}/{y}.png")).isEqualTo("https://tiles.example.org:8443");
    assertThat(SecurityHeaders.tileSource("//tiles.example.org/{z}/{x}/{y}.png")).isEqualTo("tiles.example.org");
    assertThat(SecurityHeaders.tileSource("https://tiles-{s}.example.org/{z}/{x}/{y}.png")).isEqualTo("https:");
    assertThat(SecurityHeaders.tileSource("/tiles/{z}/{x}/{y}.png")).as("this server: 'self'").isNull();
    assertThat(SecurityHeaders.tileSource("https://x.org; script-src *")).isEqualTo("https:");
  }
}
