package org.griddispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/**
 * The node's configuration: built-in defaults, then {@code conf/config.json} (working directory, or
 * the copy inside the jar), then environment variables. The result is a plain JsonObject so it can
 * be handed to every verticle as its config.
 */
public final class AppConfig {
  private final JsonObject json;

  private AppConfig(JsonObject json) { this.json = json; }

  public static AppConfig load(Map<String, String> env) {
    JsonObject json = defaults();
    json.mergeIn(readConfigFile(env.getOrDefault("DISPATCH_CONFIG", "conf/config.json")), true);
    applyEnv(json, env);
    if (!json.containsKey("demo")) json.put("demo", json.getString("pgUri") == null);
    return new AppConfig(json);
  }

  public static AppConfig of(JsonObject json) {
    JsonObject merged = defaults().mergeIn(json, true);
    if (!merged.containsKey("demo")) merged.put("demo", merged.getString("pgUri") == null);
    return new AppConfig(merged);
  }

  static JsonObject defaults() {
    return new JsonObject()
        .put("httpPort", 8080)
        .put("dataDir", "./data")
        .put("dbPort", 5432)
        .put("dbPassword", "dispatch")
        .put("cluster", false)
        .put("timezone", "Asia/Shanghai")
        .put("ticketPrefix", "CX")
        .put("dbPoolSize", 8)
        .put("httpInstances", Math.max(1, Runtime.getRuntime().availableProcessors()))
        .put("tokenTtlMinutes", 12 * 60)
        .put("residentTokenTtlMinutes", 30 * 24 * 60)
        .put("passwordIterations", 120_000)
        .put("maxBodyBytes", 64 * 1024)
        .put("residentCode", new JsonObject().put("ttlSeconds", 300).put("maxPerWindow", 5).put("windowSeconds", 600)
            .put("maxAttempts", 5));
  }

  private static JsonObject readConfigFile(String path) {
    try {
      Path file = Path.of(path);
      if (Files.isRegularFile(file)) return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      try (var in = AppConfig.class.getClassLoader().getResourceAsStream("conf/config.json")) {
        if (in != null) return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      return new JsonObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read configuration " + path, e);
    }
  }

  private static void applyEnv(JsonObject json, Map<String, String> env) {
    setInt(json, "httpPort", env.get("DISPATCH_HTTP_PORT"));
    setInt(json, "dbPort", env.get("DISPATCH_DB_PORT"));
    setString(json, "dataDir", env.get("DISPATCH_DATA_DIR"));
    setString(json, "pgUri", env.get("DISPATCH_PG_URI"));
    setString(json, "dbPassword", env.get("DISPATCH_DB_PASSWORD"));
    setBool(json, "demo", env.get("DISPATCH_DEMO"));
    setBool(json, "cluster", env.get("DISPATCH_CLUSTER"));
    setString(json, "adminPassword", env.get("DISPATCH_ADMIN_PASSWORD"));
    setString(json, "jwtPrivateKeyFile", env.get("DISPATCH_JWT_PRIVATE_KEY_FILE"));
    setString(json, "jwtPublicKeyFile", env.get("DISPATCH_JWT_PUBLIC_KEY_FILE"));
    setString(json, "metricsToken", env.get("DISPATCH_METRICS_TOKEN"));
    setString(json, "publicUrl", env.get("DISPATCH_PUBLIC_URL"));
    setOnOff(json, "limits", "enabled", "DISPATCH_RATE_LIMITS", env.get("DISPATCH_RATE_LIMITS"));
    setList(json, "trustedProxies", env.get("DISPATCH_TRUSTED_PROXIES"));
    setIn(json, "notify.webPush.publicKey", env.get("DISPATCH_VAPID_PUBLIC_KEY"));
    setIn(json, "notify.webPush.privateKey", env.get("DISPATCH_VAPID_PRIVATE_KEY"));
    setIn(json, "notify.webPush.subject", env.get("DISPATCH_VAPID_SUBJECT"));
  }

  private static void setString(JsonObject json, String key, String value) {
    if (value != null && !value.isBlank()) json.put(key, value.trim());
  }

  /** A string at a dotted path of sections ({@code notify.webPush.subject}), the sections made as needed. */
  private static void setIn(JsonObject json, String path, String value) {
    if (value == null || value.isBlank()) return;
    String[] parts = path.split("\\.");
    JsonObject target = json;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = target.getJsonObject(parts[i]);
      if (next == null) target.put(parts[i], next = new JsonObject());
      target = next;
    }
    target.put(parts[parts.length - 1], value.trim());
  }

  private static void setInt(JsonObject json, String key, String value) {
    if (value == null || value.isBlank()) return;
    try {
      json.put(key, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  private static void setBool(JsonObject json, String key, String value) {
    if (value != null && !value.isBlank()) json.put(key, Boolean.parseBoolean(value.trim()));
  }

  /** {@code on} or {@code off} into a boolean of a section; anything else is refused rather than guessed. */
  private static void setOnOff(JsonObject json, String section, String key, String variable, String value) {
    if (value == null || value.isBlank()) return;
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (!v.equals("on") && !v.equals("off")) throw new IllegalArgumentException(variable + " must be on or off, got '" + value + "'");
    JsonObject target = json.getJsonObject(section);
    if (target == null) json.put(section, target = new JsonObject());
    target.put(key, v.equals("on"));
  }

  /** A comma-separated list. */
  private static void setList(JsonObject json, String key, String value) {
    if (value == null || value.isBlank()) return;
    JsonArray list = new JsonArray();
    for (String item : value.split(",")) {
      if (!item.isBlank()) list.add(item.trim());
    }
    json.put(key, list);
  }

  public JsonObject json() { return json; }
  public int httpPort() { return json.getInteger("httpPort"); }
  public int dbPort() { return json.getInteger("dbPort"); }
  public Path dataDir() { return Path.of(json.getString("dataDir")); }
  public String pgUri() { return json.getString("pgUri"); }
  /** The embedded PostgreSQL's {@code dispatch} role's password. */
  public String dbPassword() { return json.getString("dbPassword"); }
  public boolean demo() { return json.getBoolean("demo"); }
  public boolean cluster() { return json.getBoolean("cluster"); }
  public String adminPassword() { return json.getString("adminPassword"); }
  public ZoneId zone() { return ZoneId.of(json.getString("timezone")); }
  public int httpInstances() { return json.getInteger("httpInstances"); }
  /** Whether the abuse limits apply (DISPATCH_RATE_LIMITS, limits.enabled). */
  public boolean rateLimits() { return json.getJsonObject("limits", new JsonObject()).getBoolean("enabled", true); }
}
