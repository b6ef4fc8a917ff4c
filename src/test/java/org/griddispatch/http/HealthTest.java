package org.griddispatch.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.griddispatch.AppConfig;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's probes and scrapers see. */
class HealthTest extends NodeTest {


  @Test
  void liveAndReady() {
    assertThat(api.get("/health/live", null).status()).isEqualTo(200);
    Api.Response ready = api.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getJsonObject("checks").getString("database")).isEqualTo("UP");
  }

  @Test
  void metricsArePrometheusText() {
    api.get("/api/v1/categories", api.login("dispatcher"));
    Api.Response metrics = api.get("/metrics", api.login("admin"));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
  }

  @Test
  void metricsNeedAnAdminOrTheScrapeToken() {
    Api.Response none = api.get("/metrics", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorCode()).isEqualTo("unauthorized");
    assertThat(none.body()).doesNotContain("jvm_memory_used_bytes");
    assertThat(api.get("/metrics", "not-the-token").status()).isEqualTo(401);
    assertThat(api.call(HttpMethod.GET, "/metrics", null, null, Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).status())
        .isEqualTo(401);
    Api.Response dispatcher = api.get("/metrics", api.login("dispatcher"));
    assertThat(dispatcher.status()).isEqualTo(403);
    assertThat(dispatcher.errorCode()).isEqualTo("forbidden");

    assertThat(api.get("/metrics", api.login("admin")).body()).contains("jvm_memory_used_bytes");
    Api.Response scraper = api.get("/metrics", TestNode.METRICS_TOKEN);
    assertThat(scraper.status()).isEqualTo(200);
    assertThat(scraper.header("Content-Type")).startsWith("text/plain");
    assertThat(scraper.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void theScrapeTokenComesFromTheConfigFileOrTheEnvironment() throws Exception {
    Path file = Files.createTempFile("dispatch-config-", ".json");
    Files.writeString(file, new JsonObject().put("metricsToken", "from-file").encode());
    assertThat(AppConfig.load(Map.of("DISPATCH_CONFIG", file.toString())).json().getString("metricsToken")).isEqualTo("from-file");
    assertThat(AppConfig.load(Map.of("DISPATCH_CONFIG", file.toString(), "DISPATCH_METRICS_TOKEN", " from-env "))
        .json().getString("metricsToken")).isEqualTo("from-env");
    Files.delete(file);
  }

  @Test
  void catalogues() {
    String token = api.login("worker-jgm-01");
    var categories = api.get("/api/v1/categories", token).json().getJsonArray("items");
    assertThat(categories.size()).isGreaterThanOrEqualTo(10);
    var gas = categories.stream().map(o -> (io.vertx.core.json.JsonObject) o)
        .filter(c -> c.getString("code").equals("gas_leak")).findFirst().orElseThrow();
    assertThat(gas.getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(15);
    assertThat(gas.getJsonObject("sla").getInteger("resolveMinutes")).isEqualTo(240);
    assertThat(api.get("/api/v1/departments", token).json().getJsonArray("items").size()).isGreaterThanOrEqualTo(8);
    assertThat(api.get("/api/v1/services", token).json().getJsonArray("items").size()).isGreaterThanOrEqualTo(2);
    var grids = api.get("/api/v1/grids", token).json();
    assertThat(grids.getString("type")).isEqualTo("FeatureCollection");
    assertThat(grids.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getJsonArray("workerIds")).isNotEmpty();
    assertThat(api.get("/api/v1/grids/locate?lat=31.4601&lon=104.7402", token).json().getString("community")).isEqualTo("建国门社区");
    var outside = api.get("/api/v1/grids/locate?lat=31.47&lon=104.76", token);
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.errorCode()).isEqualTo("outside_area");
  }
}
