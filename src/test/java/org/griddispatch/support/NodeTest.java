package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class that talks to the shared test node: its HTTP client and a view of its database. */
@ExtendWith(VertxExtension.class)
public abstract class NodeTest {
  protected static Server node;
  protected static Api api;
  protected static Db db;
  protected static Vertx vertx;

  @BeforeAll
  static void connect(Vertx v) {
    vertx = v;
    node = TestNode.get();
    api = new Api(v, node.port());
    db = new Db(v, node.pgUri());
  }

  @AfterAll
  static void disconnect() {
    db.close();
  }
}
