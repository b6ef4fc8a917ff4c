package org.griddispatch.subdistrict;

/** Something wrong in a subdistrict's files, where it is: the file, the line (0 when unknown), and what. */
public record Problem(String file, int line, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
