package org.picketnf.tools;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.io.AtomicFiles;
import org.picketnf.core.io.Numbers;
import org.picketnf.core.mrc.MrcFile;

import org.picketnf.tools.MontageCommand.Row;

/**
 * Draws the montage that {@link MontageCommand} has gathered: the tomogram's three slice panels (grey, 1st-99th
 * percentile), one row per segmentation with the particle cluster tinted and the particles as circles, titles and
 * a legend, all text in {@link BitmapFont} (no system fonts, so the pixels are the same everywhere); and writes it
 * as PNG. Same inputs, same PNG bytes.
 */
final class MontageRenderer {
    static final int BG = 0x1e1e1e;
    static final int WHITE = 0xf0f0f0;
    static final int GREY = 0xa0a0a0;
    static final int WS_RGB = 0xffe600;
    static final int CC_RGB = 0x00dcff;
    static final int OVERLAY_RGB = 0xe632c8;
    static final int CONSENSUS_RGB = 0x3cdc50;
    static final double OVERLAY_ALPHA = 0.40;
    static final int PAD = 8;

    private MontageRenderer() {
    }

    /**
     * The three central slices of a volume: XY at z = nz/2 (x right, y down), XZ at y = ny/2, YZ at x = nx/2; with
     * {@code thick} > 1 each is the mean of that many slices centred there (clipped to the volume).
     */
    static float[][] slices(Volume v, int[] c, int thick) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] xy = new float[nx * ny];
        float[] xz = new float[nx * nz];
        float[] yz = new float[ny * nz];
        int[] zr = range(nz, c[2], thick);
        int[] yr = range(ny, c[1], thick);
        int[] xr = range(nx, c[0], thick);
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double sum = 0;
                for (int z = zr[0]; z < zr[1]; z++) {
                    sum += v.get(x, y, z);
                }
                xy[y * nx + x] = (float) (sum / (zr[1] - zr[0]));
            }
        }
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                double sum = 0;
                for (int y = yr[0]; y < yr[1]; y++) {
                    sum += v.get(x, y, z);
                }
                xz[z * nx + x] = (float) (sum / (yr[1] - yr[0]));
            }
            for (int y = 0; y < ny; y++) {
                double sum = 0;
                for (int x = xr[0]; x < xr[1]; x++) {
                    sum += v.get(x, y, z);
                }
                yz[z * ny + y] = (float) (sum / (xr[1] - xr[0]));
            }
        }
        return new float[][] {xy, xz, yz};
    }

    /** Indices [a, b) of {@code thick} slices centred on c, clipped to [0, n). */
    static int[] range(int n, int c, int thick) {
        int a = Math.max(0, c - (thick - 1) / 2);
        return new int[] {a, Math.max(a + 1, Math.min(n, c - (thick - 1) / 2 + Math.max(1, thick)))};
    }

    /** Value at fraction q of the sorted finite values (nearest rank). */
    static double percentile(float[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int k = (int) Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))));
        return sorted[k];
    }

    /**
     * The whole picture: header, the tomogram's panels, one row per segmentation (each read from its file here, one
     * at a time), the legend. The segmentations must have the tomogram's shape.
     *
     * @param tomo the tomogram; only its three (thick) slices are kept once they are taken
     * @param atParticles slice through the median particle position of the first row's best set (else the centre)
     */
    static BufferedImage render(String id, Volume tomo, List<Row> rows, int panelPx, int thick, boolean atParticles) {
        return render(id, tomo, rows, panelPx, thick, atParticles, null);
    }

    /**
     * The same, with the consensus set ({@code consensus} not null: rows x, y, z, equivalent voxels) drawn as green
     * circles on the tomogram's own panels and counted in the header: the answer first, the workflows below.
     */
    static BufferedImage render(String id, Volume tomo, List<Row> rows, int panelPx, int thick, boolean atParticles,
            List<double[]> consensus) {
        int nx = tomo.nx();
        int ny = tomo.ny();
        int nz = tomo.nz();
        double s = (double) panelPx / Math.max(nx, Math.max(ny, nz));
        if (s >= 1) {
            s = Math.floor(s);
        }
        int[] pw = {px(nx, s), px(nx, s), px(ny, s)};
        int[] ph = {px(ny, s), px(nz, s), px(nz, s)};
        int[][] dims = {{nx, ny}, {nx, nz}, {ny, nz}};
        int panelsW = pw[0] + pw[1] + pw[2] + 2 * PAD;
        int panelH = Math.max(ph[0], Math.max(ph[1], ph[2]));
        int titleScale = 2;
        int titleH = BitmapFont.H * titleScale + 6;
        int labelH = BitmapFont.H + 4;
        int width = panelsW + 2 * PAD;
        String[] legend = {
            "magenta: voxels of the particle cluster in the slice",
            "circles: particles whose equivalent sphere crosses the slice",
            "  yellow = watershed (WS), cyan = connected components (CC)"
                    + (consensus == null ? "" : ", green (top row) = the consensus set"),
            "grey: tomogram, mean of " + thick + " slices around the centre, 1st-99th percentile",
            "XY: x right, y down; XZ: x right, z down; YZ: y right, z down"};
        int legendH = legend.length * (BitmapFont.H + 3) + PAD;
        int height = PAD + titleH + 2 * labelH + panelH + PAD + rows.size() * (titleH + panelH + PAD) + legendH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(new Color(BG));
        g.fillRect(0, 0, width, height);

        Centre at = atParticles ? particleCentre(rows, tomo) : null;
        String where = at == null ? "central slices" : "slices through the median position of the " + at.n()
                + " particles of " + at.label();
        int[] c = at == null ? new int[] {nx / 2, ny / 2, nz / 2} : at.xyz();
        float[][] tsl = slices(tomo, c, thick);
        tomo = null; // from here on only its slices: let the collector have it before the segmentations are read
        int total = tsl[0].length + tsl[1].length + tsl[2].length;
        float[] all = new float[total];
        int n = 0;
        for (float[] a : tsl) {
            for (float f : a) {
                if (Float.isFinite(f)) {
                    all[n++] = f;
                }
            }
        }
        Arrays.sort(all, 0, n);
        double lo = percentile(all, n, 0.01);
        double hi = percentile(all, n, 0.99);
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int[][] grey = new int[3][];
        for (int k = 0; k < 3; k++) {
            grey[k] = greyPanel(tsl[k], dims[k][0], dims[k][1], pw[k], ph[k], s, lo, hi);
        }

        int y = PAD;
        String head = id + "  " + nx + "x" + ny + "x" + nz
                + (consensus == null ? "" : "  consensus: " + consensus.size() + " particles");
        BitmapFont.draw(img, head, PAD, y, titleScale, WHITE);
        y += titleH;
        BitmapFont.draw(img, where, PAD, y, 1, GREY);
        y += labelH;
        String[] labels = {"XY  z=" + c[2], "XZ  y=" + c[1], "YZ  x=" + c[0]};
        int[] px0 = {PAD, PAD + pw[0] + PAD, PAD + pw[0] + PAD + pw[1] + PAD};
        for (int k = 0; k < 3; k++) {
            BitmapFont.draw(img, labels[k], px0[k], y, 1, GREY);
        }
        y += labelH;
        int[] tc = {c[2], c[1], c[0]};
        for (int k = 0; k < 3; k++) {
            img.setRGB(px0[k], y, pw[k], ph[k], grey[k], 0, pw[k]);
            if (consensus != null) {
                g.setClip(px0[k], y, pw[k], ph[k]);
                g.setStroke(new BasicStroke(s >= 2 ? 2f : 1f));
                g.setColor(new Color(CONSENSUS_RGB));
                circles(g, consensus, k, tc[k], px0[k], y, s, Math.max(nx, Math.max(ny, nz)) / 4.0);
                g.setClip(null);
            }
        }
        y += panelH + PAD;
        for (Row r : rows) {
            drawTitle(img, r, PAD, y, titleScale);
            y += titleH;
            Volume sv = MrcFile.open(r.mrc).readVolume();
            if (sv.nx() != nx || sv.ny() != ny || sv.nz() != nz) {
                throw new BadInputException(r.mrc + ": shape " + sv.nx() + "x" + sv.ny() + "x" + sv.nz()
                        + " differs from the tomogram's " + nx + "x" + ny + "x" + nz);
            }
            float[][] ssl = slices(sv, c, 1);
            double cid = r.clusterId == null ? 1.0 : r.clusterId;
            int[] cc = {c[2], c[1], c[0]};
            for (int k = 0; k < 3; k++) {
                int[] pix = overlay(grey[k], ssl[k], dims[k][0], dims[k][1], pw[k], ph[k], s, (float) cid);
                img.setRGB(px0[k], y, pw[k], ph[k], pix, 0, pw[k]);
                g.setClip(px0[k], y, pw[k], ph[k]);
                g.setStroke(new BasicStroke(s >= 2 ? 2f : 1f));
                for (String m : new String[] {"CC", "WS"}) {
                    List<double[]> ps = r.particles.get(m);
                    if (ps != null) {
                        g.setColor(new Color(m.equals("WS") ? WS_RGB : CC_RGB));
                        circles(g, ps, k, cc[k], px0[k], y, s, Math.max(nx, Math.max(ny, nz)) / 4.0);
                    }
                }
                g.setClip(null);
            }
            y += panelH + PAD;
        }
        g.dispose();
        for (String l : legend) {
            BitmapFont.draw(img, l, PAD, y, 1, GREY);
            y += BitmapFont.H + 3;
        }
        return img;
    }

    /**
     * The particles whose sphere crosses slice {@code at} of panel {@code k} (0 XY, 1 XZ, 2 YZ) as circles of the
     * sphere's cut (at least 3 pixels); column 3 of a particle is its voxel count (equivalent sphere), NaN for 3
     * voxels of radius; radii capped at {@code maxR}.
     */
    static void circles(Graphics2D g, List<double[]> ps, int k, int at, int x0, int y0, double s, double maxR) {
        for (double[] p : ps) {
            // axis across the slice and the two in-plane axes, per panel
            double across = k == 0 ? p[2] : k == 1 ? p[1] : p[0];
            double u = k == 2 ? p[1] : p[0];
            double v = k == 0 ? p[1] : p[2];
            double req = Double.isNaN(p[3]) ? 3.0 : Math.cbrt(3 * p[3] / (4 * Math.PI));
            req = Math.min(req, maxR);
            double d = Math.abs(across - at);
            if (d >= Math.max(req, 1.0)) {
                continue;
            }
            double rr = Math.max(Math.sqrt(Math.max(req * req - d * d, 0)) * s, 3.0);
            double cxp = x0 + (u + 0.5) * s;
            double cyp = y0 + (v + 0.5) * s;
            int ir = (int) Math.round(rr);
            g.drawOval((int) Math.round(cxp) - ir, (int) Math.round(cyp) - ir, 2 * ir, 2 * ir);
        }
    }

    /**
     * Median x, y, z (rounded) of the particles of the first row's best-ranked set (WS before CC when unranked),
     * with their count and a label; null when no set has particles.
     */
    record Centre(int[] xyz, int n, String label) {
    }

    static Centre particleCentre(List<Row> rows, Volume tomo) {
        for (Row r : rows) {
            String m = null;
            int best = Integer.MAX_VALUE;
            for (String k : new String[] {"WS", "CC"}) {
                List<double[]> ps = r.particles.get(k);
                int rk = r.rank.getOrDefault(k, Integer.MAX_VALUE - 1);
                if (ps != null && !ps.isEmpty() && (m == null || rk < best)) {
                    m = k;
                    best = rk;
                }
            }
            if (m == null) {
                continue;
            }
            List<double[]> ps = r.particles.get(m);
            int[] c = new int[3];
            int[] n = {tomo.nx(), tomo.ny(), tomo.nz()};
            for (int a = 0; a < 3; a++) {
                List<Double> v = new ArrayList<>();
                for (double[] p : ps) {
                    v.add(p[a]);
                }
                c[a] = (int) Math.max(0, Math.min(n[a] - 1, Math.round(RankCommand.median(v))));
            }
            return new Centre(c, ps.size(), r.name.replace('_', ' ') + " " + m);
        }
        return null;
    }

    private static void drawTitle(BufferedImage img, Row r, int x, int y, int scale) {
        String[] mc = r.name.split("_", 2);
        String base = mc[0] + " " + (mc.length > 1 ? mc[1] : "");
        if (r.clusterId != null) {
            base += "  cluster " + Numbers.integral(r.clusterId);
        }
        BitmapFont.draw(img, base, x, y, scale, WHITE);
        int cx = x + BitmapFont.width(base, scale) + 3 * BitmapFont.ADVANCE * scale / 2;
        for (String m : new String[] {"WS", "CC"}) {
            List<double[]> ps = r.particles.get(m);
            if (ps == null) {
                continue;
            }
            Integer rk = r.rank.get(m);
            String t = m + " " + ps.size() + (rk == null ? "" : " #" + rk);
            BitmapFont.draw(img, t, cx, y, scale, m.equals("WS") ? WS_RGB : CC_RGB);
            cx += BitmapFont.width(t, scale) + 2 * BitmapFont.ADVANCE * scale;
        }
    }

    private static int px(int n, double s) {
        return Math.max(1, (int) Math.round(n * s));
    }

    /** Voxel range [a, b) of output pixel i at scale s (at least one voxel). */
    private static int lo(int i, double s, int n) {
        return Math.min(n - 1, (int) Math.floor(i / s));
    }

    private static int hi(int i, double s, int n) {
        return Math.max(lo(i, s, n) + 1, Math.min(n, (int) Math.floor((i + 1) / s)));
    }

    /** Grey RGB pixels of a w x h slice shown at pw x ph: the mean of the voxels under each pixel. */
    static int[] greyPanel(float[] sl, int w, int h, int pw, int ph, double s, double lo, double hi) {
        int[] out = new int[pw * ph];
        for (int py = 0; py < ph; py++) {
            int v0 = lo(py, s, h);
            int v1 = hi(py, s, h);
            for (int pxi = 0; pxi < pw; pxi++) {
                int u0 = lo(pxi, s, w);
                int u1 = hi(pxi, s, w);
                double sum = 0;
                int cnt = 0;
                for (int v = v0; v < v1; v++) {
                    for (int u = u0; u < u1; u++) {
                        float f = sl[v * w + u];
                        if (Float.isFinite(f)) {
                            sum += f;
                            cnt++;
                        }
                    }
                }
                double t = cnt == 0 ? 0 : (sum / cnt - lo) / (hi - lo);
                int gv = (int) Math.round(255 * Math.min(1, Math.max(0, t)));
                out[py * pw + pxi] = (gv << 16) | (gv << 8) | gv;
            }
        }
        return out;
    }

    /** The grey panel with the pixels whose voxels are mostly the particle cluster tinted. */
    static int[] overlay(int[] grey, float[] seg, int w, int h, int pw, int ph, double s, float cid) {
        int[] out = grey.clone();
        int or = (OVERLAY_RGB >> 16) & 255;
        int og = (OVERLAY_RGB >> 8) & 255;
        int ob = OVERLAY_RGB & 255;
        for (int py = 0; py < ph; py++) {
            int v0 = lo(py, s, h);
            int v1 = hi(py, s, h);
            for (int pxi = 0; pxi < pw; pxi++) {
                int u0 = lo(pxi, s, w);
                int u1 = hi(pxi, s, w);
                int in = 0;
                int cnt = 0;
                for (int v = v0; v < v1; v++) {
                    for (int u = u0; u < u1; u++) {
                        cnt++;
                        if (seg[v * w + u] == cid) {
                            in++;
                        }
                    }
                }
                if (2 * in > cnt) {
                    int p = grey[py * pw + pxi];
                    int r = (int) Math.round((1 - OVERLAY_ALPHA) * ((p >> 16) & 255) + OVERLAY_ALPHA * or);
                    int gg = (int) Math.round((1 - OVERLAY_ALPHA) * ((p >> 8) & 255) + OVERLAY_ALPHA * og);
                    int b = (int) Math.round((1 - OVERLAY_ALPHA) * (p & 255) + OVERLAY_ALPHA * ob);
                    out[py * pw + pxi] = (r << 16) | (gg << 8) | b;
                }
            }
        }
        return out;
    }

    /** Writes {@code img} as PNG to a temporary file beside {@code out}, then moves it into place. */
    static void writePng(BufferedImage img, Path out) {
        Path tmp = AtomicFiles.tempFor(out);
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw AtomicFiles.writeError(out, e);
        }
        AtomicFiles.commit(tmp, out);
    }
}
