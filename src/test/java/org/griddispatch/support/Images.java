package org.griddispatch.support;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Real image files for upload tests: a patterned square in the given format ("png", "jpg"), or one of
 * two scenes at any size (the same scene re-encoded or resized is the same picture to a photo hash).
 */
public final class Images {
  private Images() {}

  public static byte[] image(String format, int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < size; x++) for (int y = 0; y < size; y++) img.setRGB(x, y, (x * 31 + y * 17) & 0xFFFFFF);
    return encode(img, format);
  }

  /** A street at dusk with a leaning pole ({@code pole}), or a wall with a crack and a bin, at {@code width}×{@code height}. */
  public static BufferedImage scene(boolean pole, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(width / 320.0, height / 240.0);
    if (pole) {
      g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(30, 40, 90), 0, 160, new java.awt.Color(220, 140, 80)));
      g.fillRect(0, 0, 320, 160);
      g.setColor(new java.awt.Color(60, 60, 60));
      g.fillRect(0, 160, 320, 80);
      g.setColor(new java.awt.Color(200, 200, 200));
      g.setStroke(new java.awt.BasicStroke(10));
      g.drawLine(90, 200, 180, 40);
      g.setColor(java.awt.Color.YELLOW);
      g.fillOval(170, 25, 40, 30);
    } else {
      g.setColor(new java.awt.Color(180, 170, 150));
      g.fillRect(0, 0, 320, 240);
      g.setColor(new java.awt.Color(40, 40, 40));
      g.setStroke(new java.awt.BasicStroke(4));
      g.drawPolyline(new int[] {20, 80, 60, 140, 120, 300}, new int[] {220, 150, 110, 90, 40, 10}, 6);
      g.setColor(new java.awt.Color(20, 110, 40));
      g.fillRect(220, 140, 70, 90);
    }
    g.dispose();
    return img;
  }

  /** {@code img} encoded as {@code format} ("png", "jpg"). */
  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
