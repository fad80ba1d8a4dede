import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Draws the wizard's splash image (run by the build: {@code java Splash.java OUT.png}). The Java
 * launcher shows it before the JVM starts (-splash:), so a double-click answers at once while
 * JavaFX needs about a second for the first window. Drawn, not committed: the icon's shapes
 * (packaging/src/jpackage/airlock.svg) and the name. Without fonts (a bare build machine) the name
 * is left out rather than failing the build.
 */
public final class Splash {
  private static final Color BLUE = new Color(0x1d4e89);
  private static final Color DOOR = new Color(0xe8eef6);
  private static final Color BOX = new Color(0xf2a541);
  private static final Color BOX_BAND = new Color(0xc47f1c);

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(480, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(BLUE);
    g.fillRect(0, 0, 480, 200);
    // The icon's door and box, at the left (the SVG's 256 units to 120 pixels).
    AffineTransform unscaled = g.getTransform();
    g.translate(32, 40);
    g.scale(120 / 256.0, 120 / 256.0);
    g.setColor(DOOR);
    g.fillRoundRect(56, 48, 144, 168, 24, 24);
    g.setColor(BLUE);
    g.fillRect(124, 48, 8, 168);
    g.setColor(BOX);
    g.fillRoundRect(92, 112, 72, 56, 12, 12);
    g.setColor(BOX_BAND);
    g.fillRect(92, 128, 72, 6);
    g.setTransform(unscaled);
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 44));
      g.drawString("Airlock", 176, 108);
      g.setColor(DOOR);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
      g.drawString("Starting the installer\u2026", 178, 138);
    } catch (Error | RuntimeException noFonts) {
      System.err.println("Splash: no fonts here, the splash shows the icon only (" + noFonts + ")");
    }
    g.dispose();
    Path out = Path.of(args[0]);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(image, "png", tmp.toFile());
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
