package org.griddispatch.ticket;

import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A photo's perceptual hash (dHash): the decoded image drawn at 9×8 in grey, one bit per neighbouring
 * pair of a row (is the left one brighter?). The same picture re-encoded, resized or a little
 * recompressed keeps nearly every bit; another picture differs in about half of the 64.
 */
public final class PhotoHash {
  /** Bits two hashes may differ in and still be the same picture. */
  public static final int SAME_PICTURE_BITS = 8;

  private PhotoHash() {}

  /** Pixels beyond which a picture is not decoded for its hash (a small file may claim a huge image). */
  static final long MAX_PIXELS = 50_000_000L;

  /**
   * The hash of an image's bytes, or null where it cannot be decoded here (ImageIO reads JPEG, PNG,
   * GIF, BMP) or claims more than {@link #MAX_PIXELS}. About 16 ms of processor time for a phone's
   * 1600×1200 JPEG: run it off the event loop.
   */
  public static Long of(Buffer bytes) {
    BufferedImage image;
    try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes.getBytes()))) {
      if (in == null) return null;
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return null;
      var reader = readers.next();
      try {
        reader.setInput(in, true, true);
        if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) return null;
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (image == null || image.getWidth() < 1 || image.getHeight() < 1) return null;
    BufferedImage small = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      // in steps of halves, so that a large photo's detail is averaged, not sampled
      BufferedImage step = image;
      while (step.getWidth() >= 36 && step.getHeight() >= 32) {
        BufferedImage half = new BufferedImage(step.getWidth() / 2, step.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D h = half.createGraphics();
        h.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        h.drawImage(step, 0, 0, half.getWidth(), half.getHeight(), null);
        h.dispose();
        step = half;
      }
      g.drawImage(step, 0, 0, 9, 8, null);
    } finally {
      g.dispose();
    }
    long hash = 0;
    var raster = small.getRaster();
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        hash = (hash << 1) | (raster.getSample(x, y, 0) > raster.getSample(x + 1, y, 0) ? 1 : 0);
      }
    }
    return hash;
  }

  /** How many of the 64 bits two hashes differ in. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
