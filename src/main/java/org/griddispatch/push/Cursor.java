package org.griddispatch.push;

/**
 * A position in the event stream: the writing transaction's id, then the event id. Written
 * {@code "<tx>.<id>"}; clients treat it as opaque.
 */
public record Cursor(long tx, long id) implements Comparable<Cursor> {
  public static final Cursor ZERO = new Cursor(0, 0);

  public static Cursor parse(String text) {
    if (text == null) throw new IllegalArgumentException("no cursor");
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) throw new IllegalArgumentException("bad cursor");
    long tx = Long.parseLong(text.substring(0, dot));
    long id = Long.parseLong(text.substring(dot + 1));
    if (tx < 0 || id < 0) throw new IllegalArgumentException("bad cursor");
    return new Cursor(tx, id);
  }

  @Override
  public int compareTo(Cursor o) {
    int c = Long.compareUnsigned(tx, o.tx);
    return c != 0 ? c : Long.compare(id, o.id);
  }

  public boolean after(Cursor o) { return compareTo(o) > 0; }

  @Override
  public String toString() { return Long.toUnsignedString(tx) + "." + id; }
}
