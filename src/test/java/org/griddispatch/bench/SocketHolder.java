package org.griddispatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client process of the sockets-per-node bench: signs in {@code --identities} residents, opens
 * {@code --sockets} authenticated WebSockets from {@code --local} (a loopback address of its own, so
 * several processes are not limited to one address's ephemeral ports), each subscribed to {@code me},
 * prints {@code OPEN <n>}, holds them for {@code --hold} seconds (answering the server's heartbeats),
 * printing {@code STILL <n>} every 5 s, and prints {@code HELD <n>}: how many were still open. Run by {@code bench/sockets}.
 */
public final class SocketHolder {
  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    int port = args.integer("port", 8080);
    int sockets = args.integer("sockets", 10_000);
    int identities = args.integer("identities", 200);
    int hold = args.integer("hold", 30);
    String local = args.get("local", "127.0.0.1");
    String phonePrefix = args.get("phones", "1560000");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setLocalAddress(local), new PoolOptions().setHttp1MaxSize(8));
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10)
        .setConnectTimeout(60_000).setLocalAddress(local));

    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      String phone = phonePrefix + String.format("%04d", i);
      String code = http.post("/api/v1/auth/resident/code").sendJsonObject(new JsonObject().put("phone", phone))
          .await().bodyAsJsonObject().getString("devCode");
      tokens.add(http.post("/api/v1/auth/resident/login").sendJsonObject(new JsonObject().put("phone", phone).put("code", code))
          .await().bodyAsJsonObject().getString("token"));
    }

    AtomicInteger open = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int start = 0; start < sockets; start += 500) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(sockets, start + 500); i++) {
        batch.add(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws?access_token=" + tokens.get(i % identities)))
            .onSuccess(socket -> {
              open.incrementAndGet();
              socket.closeHandler(v -> open.decrementAndGet());
              socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "me").encode());
            })
            .onFailure(e -> {
              // the first few reasons, for the bench's report: a refusal is not a timeout
              if (failed.incrementAndGet() <= 3) System.out.println("FAILURE " + e);
            }));
      }
      Future.join(batch).otherwiseEmpty().await(120, TimeUnit.SECONDS); // a refused socket is counted, not thrown
      if (failed.get() > sockets / 100) break; // the node refuses: that is its limit, not this client's
    }
    System.out.println("OPEN " + open.get() + " FAILED " + failed.get());
    System.out.flush();
    // how many are still open, every 5 s while holding (a bench that stops the client early reads the last)
    long every = vertx.setPeriodic(5000, t -> {
      System.out.println("STILL " + open.get());
      System.out.flush();
    });
    vertx.timer(hold * 1000L).await();
    vertx.cancelTimer(every);
    System.out.println("HELD " + open.get());
    System.out.flush();
    vertx.close().await();
  }
}
