package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;


/**
 * A test class on a node of its own, shared by the tests that change the catalogue, duty and
 * rosters: what they change (a category's SLA, a worker off duty) never reaches the tests of the
 * shared {@link TestNode}. Started on first use, stopped when the JVM exits.
 */
@ExtendWith(VertxExtension.class)
public abstract class AdminNode {
  private static Server own;
  protected static Server node;
  protected static Api api;
  protected static Db db;
  protected static Vertx vertx;

  private static synchronized Server own() {
    if (own == null) {
      try {
        own = TestNode.start(TestData.directory("dispatch-admin-"), new JsonObject());
      } catch (Exception e) {
        throw new IllegalStateException("The admin tests' node did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(own::stop));
    }
    return own;
  }

  @BeforeAll
  static void connect(Vertx v) {
    vertx = v;
    node = own();
    api = new Api(v, node.port());
    db = new Db(v, node.pgUri());
  }

  @AfterAll
  static void disconnect() {
    db.close();
  }

  protected static Api.Response put(String path, String token, Object body) {
    return api.call(HttpMethod.PUT, path, token, body, null);
  }

  protected static Api.Response patch(String path, String token, Object body) {
    return api.call(HttpMethod.PATCH, path, token, body, null);
  }

  protected static Api.Response delete(String path, String token) {
    return api.call(HttpMethod.DELETE, path, token, null, null);
  }

  /** The field errors of a 400 in the contract's format (fails on anything else). */
  protected static JsonObject fieldErrors(Api.Response r) {
    if (r.status() != 400) throw new AssertionError("expected 400: " + r);
    JsonObject error = r.json().getJsonObject("error");
    if (error.getJsonObject("fields") == null) throw new AssertionError("no fields: " + r);
    return error.getJsonObject("fields");
  }

  /** A user's id from their username. */
  protected static String userId(String username) {
    return db.one("SELECT id FROM users WHERE username = $1", username).getString(0);
  }
}
