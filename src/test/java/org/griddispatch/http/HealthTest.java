package org.griddispatch.http;

import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

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
    Api.Response metrics = api.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
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
