package org.griddispatch.web;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a request comes from this very machine: its TCP peer is a loopback address (127.0.0.0/8
 * or ::1). Judged from the connection only, never from X-Forwarded-For or similar headers, which
 * any caller can write.
 */
public final class LocalCaller {
  private LocalCaller() {}

  public static boolean is(RoutingContext ctx) {
    // the connection's real peer: not a forwarded-for address, not one a proxy protocol announced
    SocketAddress peer = ctx.request().connection().remoteAddress(true);
    return peer != null && peer.isInetSocket() && isLoopback(peer.hostAddress());
  }

  /** True only for an IP literal in 127.0.0.0/8 or ::1 (also written IPv4-mapped); names are never resolved. */
  public static boolean isLoopback(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address.strip());
    if (bytes == null) return false;
    try {
      return InetAddress.getByAddress(bytes).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // not an address of a known length
    }
  }
}
