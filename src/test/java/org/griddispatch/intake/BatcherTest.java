package org.griddispatch.intake;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What arrives while a batch is out goes together in the next; a bad item fails alone. */
class BatcherTest {
  private static final Vertx vertx = Vertx.vertx();

  @AfterAll
  static void close() { vertx.close().await(); }

  @Test
  void itemsWaitingForABatchInFlightGoTogetherAndABadOneFailsAlone() throws Exception {
    Context context = vertx.getOrCreateContext();
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    Promise<Void> firstHeld = Promise.promise();
    CompletableFuture<List<Future<String>>> submitted = new CompletableFuture<>();
    context.runOnContext(v -> {
      Batcher<String, String> batcher = new Batcher<>(context, 10, 1, items -> {
        batches.add(items);
        // the first batch stays out until everything is submitted; the later ones answer at once
        Future<Void> out = batches.size() == 1 ? firstHeld.future() : Future.succeededFuture();
        return out.compose(x -> items.contains("bad")
            ? Future.failedFuture(new IllegalArgumentException("bad item"))
            : Future.succeededFuture(items.stream().map(String::toUpperCase).toList()));
      });
      List<Future<String>> answers = new ArrayList<>();
      answers.add(batcher.submit("a"));   // goes at once, alone
      answers.add(batcher.submit("b"));   // these wait for "a"
      answers.add(batcher.submit("bad"));
      answers.add(batcher.submit("c"));
      firstHeld.complete();
      submitted.complete(answers);
    });
    List<Future<String>> answers = submitted.get(5, TimeUnit.SECONDS);
    Future.join(answers).otherwiseEmpty().await(5, TimeUnit.SECONDS); // join waits for all, failed or not
    // "a" alone, then [b, bad, c], which fails, then each of them alone
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "bad", "c"), List.of("b"), List.of("bad"), List.of("c"));
    assertThat(answers.get(0).result()).isEqualTo("A");
    assertThat(answers.get(1).result()).isEqualTo("B");
    assertThat(answers.get(2).failed()).isTrue();
    assertThat(answers.get(3).result()).isEqualTo("C");
  }
}
