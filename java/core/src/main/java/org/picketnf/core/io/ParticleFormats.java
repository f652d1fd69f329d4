package org.picketnf.core.io;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.picketnf.core.s2.Particle;

/**
 * The text formats of a particle set (picket-localize's sets, picket-tools consensus). Every one is a pure function of its arguments (no times, no paths),
 * formatted with {@link Locale#ROOT}, so the same particles always give the same bytes. Coordinates have three
 * decimals ({@link Numbers#fixed3}, as every other text output); the YAML's floats are PyYAML's ({@link #pyFloat}).
 */
public final class ParticleFormats {
    /** Key of PickET's coordinate list. */
    public static final String YAML_KEY = "Predicted_Particle_Centroid_Coordinates";
    /** The CSV header. */
    public static final String CSV_HEADER = "x,y,z,voxels";

    private ParticleFormats() {
    }

    /** {@code x,y,z,voxels}, one particle per line in label order. */
    public static String csv(List<Particle> ps) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Particle p : ps) {
            sb.append(Numbers.fixed3(p.x())).append(',').append(Numbers.fixed3(p.y())).append(',')
                    .append(Numbers.fixed3(p.z())).append(',').append(p.voxels()).append('\n');
        }
        return sb.toString();
    }

    /** RELION 5 style particle coordinates in voxels of the segmentation (= tomogram) grid. */
    public static String star(List<Particle> ps, String tomoName) {
        return star(ps, tomoName, null);
    }

    /**
     * The same with a score per particle (e.g. a consensus support) as {@code _rlnAutopickFigureOfMerit}, the column
     * RELION's pickers fill; {@code scores} null for none, else one per particle, written with three decimals.
     */
    public static String star(List<Particle> ps, String tomoName, double[] scores) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n# version 50001\n\ndata_particles\n\nloop_\n");
        sb.append("_rlnTomoName #1\n_rlnCoordinateX #2\n_rlnCoordinateY #3\n_rlnCoordinateZ #4\n");
        if (scores != null) {
            sb.append("_rlnAutopickFigureOfMerit #5\n");
        }
        for (int i = 0; i < ps.size(); i++) {
            Particle p = ps.get(i);
            sb.append(tomoName).append(' ').append(Numbers.fixed3(p.x())).append(' ')
                    .append(Numbers.fixed3(p.y())).append(' ').append(Numbers.fixed3(p.z()));
            if (scores != null) {
                sb.append(' ').append(Numbers.fixed3(scores[i]));
            }
            sb.append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    /** One CZI cryoET data portal {@code orientedPoint} JSON object per line, identity rotation. */
    public static String ndjson(List<Particle> ps) {
        StringBuilder sb = new StringBuilder();
        for (Particle p : ps) {
            sb.append("{\"type\":\"orientedPoint\",\"location\":{\"x\":").append(Numbers.fixed3(p.x()))
                    .append(",\"y\":").append(Numbers.fixed3(p.y())).append(",\"z\":").append(Numbers.fixed3(p.z()))
                    .append("},\"xyz_rotation_matrix\":[[1,0,0],[0,1,0],[0,0,1]]}\n");
        }
        return sb.toString();
    }

    /**
     * PickET's YAML exactly as {@code yaml.dump(..., sort_keys=True)} writes it: the coordinate list of
     * {@code {x, y, z}} maps with int-truncated voxel indices ({@code int(coord)}, toward zero), then
     * {@code metadata} with its keys sorted. Metadata values may be Integer/Long, Double, String (plain when safe,
     * else single-quoted), the string "None" (PickET stores missing values as the text None), or a List of those.
     */
    public static String yaml(List<Particle> ps, Map<String, Object> metadata) {
        StringBuilder sb = new StringBuilder(YAML_KEY).append(':');
        if (ps.isEmpty()) {
            sb.append(" []\n");
        } else {
            sb.append('\n');
            for (Particle p : ps) {
                sb.append("- x: ").append((long) p.x()).append('\n');
                sb.append("  y: ").append((long) p.y()).append('\n');
                sb.append("  z: ").append((long) p.z()).append('\n');
            }
        }
        sb.append("metadata:");
        if (metadata.isEmpty()) {
            return sb.append(" {}\n").toString();
        }
        sb.append('\n');
        for (Map.Entry<String, Object> e : new TreeMap<>(metadata).entrySet()) {
            sb.append("  ").append(e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    sb.append(" []\n");
                } else {
                    sb.append('\n');
                    for (Object o : l) {
                        sb.append("  - ").append(scalar(o)).append('\n');
                    }
                }
            } else {
                sb.append(' ').append(scalar(v)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String scalar(Object o) {
        if (o instanceof Double d) {
            return pyFloat(d);
        }
        if (o instanceof Float f) {
            return pyFloat(f.doubleValue());
        }
        if (o instanceof Integer || o instanceof Long) {
            return o.toString();
        }
        String s = String.valueOf(o);
        if (s.matches("[A-Za-z][A-Za-z0-9_.\\-]*") && !s.matches("(?i)(true|false|yes|no|on|off|null|y|n)")) {
            return s;
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A double as PyYAML writes a Python float: {@code repr(d).lower()}, i.e. shortest digits, positional for
     * decimal exponents -4..15 (always with a fraction, "1.0"), scientific outside ("1.0e-05", "1.5e+16"),
     * PyYAML adding ".0" to a bare scientific mantissa.
     */
    public static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the leading digit
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            if (!plain.contains(".")) {
                plain += ".0";
            }
            return sign + plain;
        }
        String mant = digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
        String e = String.format(Locale.ROOT, "%s%02d", exp < 0 ? "-" : "+", Math.abs(exp));
        return sign + mant + "e" + e;
    }
}
