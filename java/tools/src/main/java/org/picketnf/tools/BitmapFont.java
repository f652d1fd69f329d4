package org.picketnf.tools;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The project's own 5x9 bitmap font (printable ASCII, {@code font5x9.txt}), drawn pixel by pixel into a
 * {@link BufferedImage}. Used instead of AWT text so that pictures need no installed fonts or fontconfig (minimal
 * containers), cannot fail on font look-up, and have the same bytes on every machine.
 */
final class BitmapFont {
    static final int W = 5;
    static final int H = 9;
    /** Advance per character in font pixels (glyph plus one column of space). */
    static final int ADVANCE = W + 1;
    private static final boolean[][][] GLYPHS = load();

    private BitmapFont() {
    }

    private static boolean[][][] load() {
        boolean[][][] g = new boolean[128][][];
        List<String> lines;
        try (InputStream in = BitmapFont.class.getResourceAsStream("font5x9.txt")) {
            if (in == null) {
                throw new IllegalStateException("font5x9.txt missing from the jar");
            }
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("=") || l.length() != 2) {
                continue;
            }
            char c = l.charAt(1);
            boolean[][] rows = new boolean[H][W];
            for (int r = 0; r < H; r++) {
                String row = lines.get(i + 1 + r);
                if (row.length() != W) {
                    throw new IllegalStateException("font5x9.txt: glyph '" + c + "' row " + r + " is not 5 wide");
                }
                for (int x = 0; x < W; x++) {
                    rows[r][x] = row.charAt(x) == '#';
                }
            }
            if (g[c] != null) {
                throw new IllegalStateException("font5x9.txt: glyph '" + c + "' defined twice");
            }
            g[c] = rows;
            i += H;
        }
        return g;
    }

    /** True when the font has a glyph for {@code c} (every other character is drawn as a hollow box). */
    static boolean has(char c) {
        return c < 128 && GLYPHS[c] != null;
    }

    /** Width in image pixels of {@code s} at {@code scale}. */
    static int width(String s, int scale) {
        return s.isEmpty() ? 0 : (s.length() * ADVANCE - 1) * scale;
    }

    /** Draws {@code s} with its top-left corner at (x, y); pixels outside the image are skipped. */
    static void draw(BufferedImage img, String s, int x, int y, int scale, int rgb) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean[][] g = has(c) ? GLYPHS[c] : null;
            int x0 = x + k * ADVANCE * scale;
            for (int r = 0; r < H; r++) {
                for (int cx = 0; cx < W; cx++) {
                    boolean ink = g != null ? g[r][cx] : (r <= 6 && (r == 0 || r == 6 || cx == 0 || cx == W - 1));
                    if (ink) {
                        fill(img, x0 + cx * scale, y + r * scale, scale, rgb);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage img, int x, int y, int s, int rgb) {
        for (int dy = 0; dy < s; dy++) {
            for (int dx = 0; dx < s; dx++) {
                int px = x + dx;
                int py = y + dy;
                if (px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight()) {
                    img.setRGB(px, py, rgb);
                }
            }
        }
    }
}
