package org.griddispatch.web;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a request came from: the client's address and whether it reached us over TLS. The client is
 * the TCP peer, unless the peer is one of {@code trustedProxies} (the nginx that terminates TLS in
 * front of the nodes): then its {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed.
 * Nothing forwarded is believed by default, since any client can send those headers.
 */
public final class ClientOrigin implements Handler<RoutingContext> {
  private static final String IP = "client.ip";
  private static final String SECURE = "client.secure";

  private final List<AddressRange> trusted;

  public ClientOrigin(JsonObject config) {
    List<AddressRange> ranges = new ArrayList<>();
    JsonArray configured = config.getJsonArray("trustedProxies", new JsonArray());
    for (Object o : configured) ranges.add(AddressRange.parse(String.valueOf(o)));
    this.trusted = List.copyOf(ranges);
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String peer = remote == null ? null : remote.hostAddress();
    ctx.put(IP, clientIp(peer, String.join(",", ctx.request().headers().getAll("X-Forwarded-For"))));
    ctx.put(SECURE, secure(peer, ctx.request().isSSL(), ctx.request().getHeader("X-Forwarded-Proto")));
    ctx.next();
  }

  /** The client's address as this request's handlers see it; the TCP peer if the handler did not run. */
  public static String ip(RoutingContext ctx) {
    String ip = ctx.get(IP);
    if (ip != null) return ip;
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  /** Whether the request reached us over TLS, here or at a trusted proxy. */
  public static boolean secure(RoutingContext ctx) {
    Boolean secure = ctx.get(SECURE);
    return secure != null ? secure : ctx.request().isSSL();
  }

  /**
   * Walks {@code X-Forwarded-For} from the right (each proxy appends the address it was connected
   * from) while the hop it came through is trusted; the first address not vouched for is the client.
   */
  String clientIp(String peer, String forwardedFor) {
    String client = peer;
    if (forwardedFor == null || forwardedFor.isBlank()) return client;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      String hop = hops[i].strip();
      if (AddressRange.literal(hop) == null) break; // not an address: nothing further left can be believed
      client = hop.startsWith("[") ? hop.substring(1, hop.length() - 1) : hop;
    }
    return client;
  }

  /** TLS here, or a trusted proxy's word for it (the scheme of the nearest proxy, the last value). */
  boolean secure(String peer, boolean tls, String forwardedProto) {
    if (tls) return true;
    if (forwardedProto == null || !isTrusted(peer)) return false;
    String[] values = forwardedProto.split(",");
    return "https".equalsIgnoreCase(values[values.length - 1].strip());
  }

  private boolean isTrusted(String address) {
    for (AddressRange range : trusted) {
      if (range.contains(address)) return true;
    }
    return false;
  }
}
