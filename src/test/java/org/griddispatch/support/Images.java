package org.griddispatch.support;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real image files for upload tests: a patterned square in the given format ("png", "jpg"). */
public final class Images {
  private Images() {}

  public static byte[] image(String format, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < size; x++) for (int y = 0; y < size; y++) img.setRGB(x, y, (x * 31 + y * 17) & 0xFFFFFF);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
