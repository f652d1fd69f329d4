package org.picketnf.core.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

import org.picketnf.core.s2.Particle;

/**
 * A copick picks file, byte for byte as copick writes one: {@code json.dump(CopickPicksFile.model_dump(), f,
 * indent=4)} in {@code src/copick/impl/filesystem.py} (copick/copick), fields in the order of the pydantic model
 * {@code CopickPicksFile} ({@code src/copick/models.py}): {@code pickable_object_name}, {@code user_id},
 * {@code session_id}, {@code run_name}, {@code voxel_spacing}, {@code unit} ("angstrom"), {@code points}, each a
 * {@code CopickPoint} ({@code location} {x, y, z}, {@code transformation_} 4x4, {@code instance_id},
 * {@code score}), and {@code trust_orientation}; floats as Python's {@code repr}, no final newline. One difference
 * in layout, not content: each point is written on one line as {@code json.dumps(point)} writes it (separators
 * ", " and ": "), where indent=4 would give it 27 lines; a file of 9,000 points is 1.5 MB instead of 7.3 MB, and
 * json.load (copick's reader) gives the same objects.
 *
 * <p>Locations are in Angstrom from the tomogram corner, 0-indexed: {@code location = voxel index x voxel spacing}
 * (copick {@code docs/geometry.md}, "Voxel -> Physical"), i.e. {@code v x pixelSize} for a picked voxel coordinate
 * {@code v}, the same physical point at every binning. {@code voxel_spacing} is that of the picked tomogram.
 * The transformation is the identity and {@code trust_orientation} false: picket-nf finds positions only.
 * The file goes to {@code ExperimentRuns/<run>/Picks/<user>_<session>_<object>.json} of a copick root
 * ({@code CopickPicksFSSpec.path}), see {@link #relativePath}.
 */
public final class CopickExport {
    /** copick's session id for picks made by a tool. */
    public static final String TOOL_SESSION = "0";
    /** Decimals of the Angstrom locations (rounded before writing, so that repr is short and deterministic). */
    static final int DECIMALS = 3;
    /** The identity transformation as {@code json.dumps} writes a 4x4 list of floats on one line. */
    private static final String IDENTITY =
            "[[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]]";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    private CopickExport() {
    }

    /** {@code ExperimentRuns/<run>/Picks/<user>_<session>_<object>.json}, with '/' separators. */
    public static String relativePath(String run, String user, String session, String object) {
        for (String s : new String[] {run, user, session, object}) {
            checkId(s);
        }
        return "ExperimentRuns/" + run + "/Picks/" + user + "_" + session + "_" + object + ".json";
    }

    /**
     * The picks JSON of {@code ps} (instance ids = particle labels; scores null for copick's default 1.0).
     *
     * @param object the pickable object name (the copick config's {@code pickable_objects[].name})
     * @param user copick's user id (a tool name)
     * @param session copick's session id ({@link #TOOL_SESSION} for a tool)
     */
    public static String json(List<Particle> ps, double[] scores, ExportGeometry g, String object, String user,
            String session) {
        StarExports.checkScores(ps, scores);
        checkId(object);
        checkId(user);
        checkId(session);
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("    \"pickable_object_name\": ").append(str(object)).append(",\n");
        sb.append("    \"user_id\": ").append(str(user)).append(",\n");
        sb.append("    \"session_id\": ").append(str(session)).append(",\n");
        sb.append("    \"run_name\": ").append(str(g.tomogramName())).append(",\n");
        sb.append("    \"voxel_spacing\": ").append(pyRepr(g.pixelSize())).append(",\n");
        sb.append("    \"unit\": \"angstrom\",\n");
        sb.append("    \"points\": ");
        if (ps.isEmpty()) {
            sb.append("[]");
        } else {
            sb.append("[\n");
            for (int i = 0; i < ps.size(); i++) {
                Particle p = ps.get(i);
                sb.append("        {\"location\": {\"x\": ").append(pyRepr(location(p.x(), g)))
                        .append(", \"y\": ").append(pyRepr(location(p.y(), g)))
                        .append(", \"z\": ").append(pyRepr(location(p.z(), g)))
                        .append("}, \"transformation_\": ").append(IDENTITY)
                        .append(", \"instance_id\": ").append(p.label())
                        .append(", \"score\": ").append(pyRepr(scores == null ? 1.0 : scores[i]));
                sb.append("}").append(i < ps.size() - 1 ? ",\n" : "\n");
            }
            sb.append("    ]");
        }
        sb.append(",\n    \"trust_orientation\": false\n}");
        return sb.toString();
    }

    /** The copick location (Angstrom) of a picked voxel coordinate, rounded to {@link #DECIMALS} decimals. */
    public static double location(double voxel, ExportGeometry g) {
        return BigDecimal.valueOf(voxel * g.pixelSize()).setScale(DECIMALS, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * A double as Python's {@code repr} (and so {@code json.dumps}) writes it: shortest round-trip digits, positional
     * for decimal exponents -4..15 with at least one fraction digit ("1.0", "0.0001"), otherwise scientific with a
     * signed two-digit exponent and no ".0" ("1e-05", "1.5e+16").
     */
    static String pyRepr(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String str(String s) {
        return "\"" + s + "\""; // checked to be [A-Za-z0-9._-]+: nothing to escape
    }

    private static void checkId(String s) {
        if (s == null || !ID.matcher(s).matches()) {
            throw new IllegalArgumentException("copick name '" + s + "' must be letters, digits, '.', '_' or '-'");
        }
    }
}
