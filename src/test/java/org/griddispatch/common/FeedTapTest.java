package org.griddispatch.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's one reader of the stream hands every batch, once and in order, to listeners on their own event loops. */
class FeedTapTest {
  @Test
  void everyListenerGetsTheSameBatchesInOrderOnItsOwnEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.deployVerticle(new FeedTap.Verticle()).await(10, TimeUnit.SECONDS);
      Context first = vertx.getOrCreateContext();
      Context second = vertx.getOrCreateContext();
      List<FeedBatch> atFirst = new CopyOnWriteArrayList<>();
      List<FeedBatch> atSecond = new CopyOnWriteArrayList<>();
      List<Boolean> onTheirLoops = new CopyOnWriteArrayList<>();
      CountDownLatch all = new CountDownLatch(2 * 50);
      FeedTap.of(vertx).listen(first, b -> {
        onTheirLoops.add(Vertx.currentContext() == first);
        atFirst.add(b);
        all.countDown();
      });
      Runnable stopSecond = FeedTap.of(vertx).listen(second, b -> {
        onTheirLoops.add(Vertx.currentContext() == second);
        atSecond.add(b);
        all.countDown();
      });
      for (int i = 0; i < 50; i++) {
        String at = "1." + i;
        vertx.eventBus().publish(Addresses.PUSH_EVENTS, new FeedBatch(at, at, new JsonArray(), new JsonObject()).toJson());
      }
      assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(atFirst).extracting(FeedBatch::to).containsExactly(atSecond.stream().map(FeedBatch::to).toArray(String[]::new));
      assertThat(atFirst.get(49).to()).isEqualTo("1.49");
      for (int i = 0; i < 50; i++) assertThat(atFirst.get(i)).isSameAs(atSecond.get(i)); // one copy a node
      assertThat(onTheirLoops).containsOnly(true);

      // a listener that stopped hears nothing more
      stopSecond.run();
      CountDownLatch one = new CountDownLatch(1);
      FeedTap.of(vertx).listen(first, b -> one.countDown());
      vertx.eventBus().publish(Addresses.PUSH_EVENTS, new FeedBatch("1.50", "1.50", new JsonArray(), new JsonObject()).toJson());
      assertThat(one.await(10, TimeUnit.SECONDS)).isTrue();
      vertx.runOnContext(v -> { }); // the first listener's delivery runs before this, in order, on its loop
      assertThat(atSecond).hasSize(50);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
