package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The ES256 keys that sign and verify tokens, each named by its {@code kid} (in every token's header).
 * By default they live in the database: the first node creates a pair, every node reads the same, so
 * nodes on different servers accept each other's tokens with nothing shared but the database.
 * {@link #rotate} retires the signing key; a retired key still verifies until the longest-lived token
 * it signed has expired. An operator who manages keys sets {@code jwtPrivateKeyFile} and
 * {@code jwtPublicKeyFile} (PEM) instead; then the database holds none.
 */
public final class SigningKeys {
  public static final String ALGORITHM = "ES256";
  /** Nodes that start together create one pair between them. */
  private static final long CREATE_LOCK = 0x6b657973L;

  /** One key: the private half only for the key that signs. */
  public record Key(String kid, String privatePem, String publicPem) {}

  private final Key signing;
  private final List<Key> verifying;

  private SigningKeys(Key signing, List<Key> verifying) {
    this.signing = signing;
    this.verifying = List.copyOf(verifying);
  }

  public String kid() { return signing.kid(); }

  /** Whether a token signed with {@code kid} can be checked with these keys. */
  public boolean knows(String kid) {
    return verifying.stream().anyMatch(k -> k.kid().equals(kid));
  }

  /**
   * The node's keys: the operator's, when configured as PEM files ({@code jwtPrivateKeyFile},
   * {@code jwtPublicKeyFile}) or inline ({@code jwt.privateKeyPem}, {@code jwt.publicKeyPem}); else the
   * database's, created on first use.
   */
  public static Future<SigningKeys> load(Pool pool, JsonObject config) {
    JsonObject inline = config.getJsonObject("jwt", new JsonObject());
    if (inline.getString("privateKeyPem") != null && inline.getString("publicKeyPem") != null) {
      return Future.succeededFuture(operators(inline.getString("privateKeyPem"), inline.getString("publicKeyPem")));
    }
    if (config.getString("jwtPrivateKeyFile") != null || config.getString("jwtPublicKeyFile") != null) {
      try {
        return Future.succeededFuture(fromFiles(config.getString("jwtPrivateKeyFile"), config.getString("jwtPublicKeyFile")));
      } catch (IOException | RuntimeException e) {
        return Future.failedFuture(new IllegalStateException("Cannot read the token signing key files: " + e.getMessage(), e));
      }
    }
    int keepMinutes = Math.max(config.getInteger("tokenTtlMinutes", 720), config.getInteger("residentTokenTtlMinutes", 43_200));
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(CREATE_LOCK))
        .compose(v -> conn.preparedQuery("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL").execute())
        .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.succeededFuture()
            : insertNew(conn, generate()))
        .compose(v -> conn.preparedQuery("""
                SELECT kid, private_pem, public_pem, retired_at IS NULL AS signs FROM signing_keys
                WHERE retired_at IS NULL OR retired_at > now() - make_interval(mins => $1)
                ORDER BY retired_at IS NULL DESC, created_at DESC""")
            .execute(Tuple.of(keepMinutes)))
        .map(rows -> {
          Key signing = null;
          List<Key> all = new ArrayList<>();
          for (Row r : rows) {
            Key k = new Key(r.getString("kid"), r.getString("private_pem"), r.getString("public_pem"));
            if (signing == null && r.getBoolean("signs")) signing = k;
            all.add(new Key(k.kid(), null, k.publicPem()));
          }
          return new SigningKeys(signing, all);
        }));
  }

  /** Retires the signing key and makes a new one; answers the new key's kid. Nodes pick it up on {@code load}. */
  public static Future<String> rotate(Pool pool) {
    Key fresh = generate();
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(CREATE_LOCK))
        .compose(v -> conn.preparedQuery("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL").execute())
        .compose(v -> insertNew(conn, fresh))
        .map(fresh.kid()));
  }

  private static Future<Void> insertNew(io.vertx.sqlclient.SqlConnection conn, Key key) {
    return conn.preparedQuery("INSERT INTO signing_keys (kid, algorithm, private_pem, public_pem) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(key.kid(), ALGORITHM, key.privatePem(), key.publicPem())).mapEmpty();
  }

  static SigningKeys fromFiles(String privateFile, String publicFile) throws IOException {
    if (privateFile == null || publicFile == null) {
      throw new IllegalArgumentException("set both DISPATCH_JWT_PRIVATE_KEY_FILE and DISPATCH_JWT_PUBLIC_KEY_FILE");
    }
    return operators(Files.readString(Path.of(privateFile), StandardCharsets.UTF_8),
        Files.readString(Path.of(publicFile), StandardCharsets.UTF_8));
  }

  private static SigningKeys operators(String privatePem, String publicPem) {
    Key key = new Key(kidOf(publicPem), privatePem, publicPem);
    return new SigningKeys(key, List.of(new Key(key.kid(), null, publicPem)));
  }

  static Key generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
      return new Key(kidOf(publicPem), pem("PRIVATE KEY", pair.getPrivate().getEncoded()), publicPem);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate the token signing key", e);
    }
  }

  /** A key's name: the start of its public key's SHA-256, the same on every node for the same key. */
  static String kidOf(String publicPem) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicPem.strip().getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** The JWT provider: signs with the current key, verifies with every key still trusted, each by its kid. */
  public JWTAuth provider(Vertx vertx) {
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(signing.kid()).setBuffer(signing.privatePem()));
    for (Key k : verifying) options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setId(k.kid()).setBuffer(k.publicPem()));
    return JWTAuth.create(vertx, options);
  }
}
