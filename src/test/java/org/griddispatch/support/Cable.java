package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network cable between a browser and a node, on 127.0.0.1: a TCP forwarder on a port of its own.
 * Unplugged, nothing reaches the node from that port, not even a service worker's own requests
 * (which the browser's offline emulation lets through) and every open connection drops; plugged in
 * again, on the same port, so the pages keep their origin, their cache and their stored data.
 */
public final class Cable implements AutoCloseable {
  private final Vertx vertx;
  private final int target;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  public Cable(Vertx vertx, int target) {
    this.vertx = vertx;
    this.target = target;
    this.client = vertx.createNetClient();
    plug();
  }

  /** The port a browser opens the node by. */
  public int port() { return port; }

  public synchronized void plug() {
    if (server != null) return;
    NetServer s = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      open.add(in);
      in.closeHandler(v -> open.remove(in));
      client.connect(target, "127.0.0.1").onSuccess(out -> {
        open.add(out);
        out.closeHandler(v -> {
          open.remove(out);
          in.close();
        });
        in.closeHandler(v -> {
          open.remove(in);
          out.close();
        });
        in.pipeTo(out);
        out.pipeTo(in);
        in.resume();
      }).onFailure(e -> in.close());
    });
    server = s.listen(port, "127.0.0.1").await();
    port = server.actualPort();
  }

  public synchronized void unplug() {
    if (server == null) return;
    server.close().await();
    server = null;
    for (NetSocket s : Set.copyOf(open)) s.close();
    open.clear();
  }

  @Override
  public void close() {
    unplug();
    client.close().await();
  }
}
