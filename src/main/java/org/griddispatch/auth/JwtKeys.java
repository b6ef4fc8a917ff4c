package org.griddispatch.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The ES256 key pair that signs tokens. Generated into the data directory on first start, unless
 * {@code jwt.privateKeyPem}/{@code jwt.publicKeyPem} are configured; nodes that share the data
 * directory (or the configured keys) accept each other's tokens.
 */
public final class JwtKeys {
  public static final String ALGORITHM = "ES256";
  private final String privatePem;
  private final String publicPem;

  private JwtKeys(String privatePem, String publicPem) {
    this.privatePem = privatePem;
    this.publicPem = publicPem;
  }

  public static JwtKeys load(JsonObject config, Path dataDir) throws IOException {
    JsonObject jwt = config.getJsonObject("jwt", new JsonObject());
    if (jwt.getString("privateKeyPem") != null && jwt.getString("publicKeyPem") != null) {
      return new JwtKeys(jwt.getString("privateKeyPem"), jwt.getString("publicKeyPem"));
    }
    Path file = dataDir.resolve("jwt-keys.json");
    if (!Files.exists(file)) generateInto(file);
    JsonObject stored = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    return new JwtKeys(stored.getString("privateKeyPem"), stored.getString("publicKeyPem"));
  }

  /** Writes a new pair atomically; when another node wins the race its pair is kept. */
  private static void generateInto(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate the token signing key", e);
    }
    JsonObject json = new JsonObject()
        .put("privateKeyPem", pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
        .put("publicKeyPem", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Path tmp = Files.createTempFile(file.getParent(), "jwt-keys", ".tmp");
    Files.writeString(tmp, json.encodePrettily(), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** Puts the pair into the node's config, so verticles need no file access. */
  public void putInto(JsonObject config) {
    config.put("jwt", new JsonObject().put("privateKeyPem", privatePem).put("publicKeyPem", publicPem));
  }

  public JWTAuth provider(Vertx vertx) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(privatePem))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem)));
  }
}
