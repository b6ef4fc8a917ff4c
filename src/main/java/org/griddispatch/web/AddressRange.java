package org.griddispatch.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), as operators write trusted proxies. */
record AddressRange(byte[] network, int prefixBits) {
  static AddressRange parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    byte[] network = literal(slash < 0 ? s : s.substring(0, slash));
    if (network == null) throw new IllegalArgumentException("trustedProxies: '" + text + "' is not an IP address or CIDR block");
    int bits = slash < 0 ? network.length * 8 : Integer.parseInt(s.substring(slash + 1));
    if (bits < 0 || bits > network.length * 8) throw new IllegalArgumentException("trustedProxies: bad prefix in '" + text + "'");
    return new AddressRange(network, bits);
  }

  boolean contains(String ip) {
    byte[] address = literal(ip);
    if (address == null || address.length != network.length) return false;
    for (int bit = 0; bit < prefixBits; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
    }
    return true;
  }

  /** The bytes of an IP literal; null for anything else (nothing is ever looked up by name). */
  static byte[] literal(String ip) {
    if (ip == null || ip.isBlank()) return null;
    String s = ip.strip();
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      String[] parts = s.split("\\.");
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(parts[i]);
        if (octet > 255) return null;
        out[i] = (byte) octet;
      }
      return out;
    }
    if (s.indexOf(':') < 0) return null;
    try {
      return InetAddress.getByName("[" + s + "]").getAddress(); // brackets: an IPv6 literal or an error, never a lookup
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
