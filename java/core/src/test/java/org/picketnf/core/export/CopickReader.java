package org.picketnf.core.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An independent reader of copick picks JSON for the tests, written from copick's pydantic models
 * ({@code src/copick/models.py}: {@code CopickPicksFile}, {@code CopickPoint}, {@code CopickLocation}) with a plain
 * Jackson tree: the required fields and their types, the 4x4 transformation whose last row is [0, 0, 0, 1], and no
 * field copick does not know.
 */
public final class CopickReader {
    public record Point(double x, double y, double z, double[][] transformation, long instanceId, double score) {
    }

    public record Picks(String object, String user, String session, String run, Double voxelSpacing, String unit,
            List<Point> points, boolean trustOrientation) {
    }

    private static final Set<String> TOP = Set.of("pickable_object_name", "user_id", "session_id", "run_name",
            "voxel_spacing", "unit", "points", "trust_orientation");
    private static final Set<String> POINT = Set.of("location", "transformation_", "instance_id", "score");

    private CopickReader() {
    }

    public static Picks read(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        check(root.isObject(), "top level is not an object");
        onlyKnown(root, TOP);
        List<Point> pts = new ArrayList<>();
        JsonNode points = root.path("points");
        check(points.isArray(), "points is not a list");
        for (JsonNode p : points) {
            check(p.isObject(), "a point is not an object");
            onlyKnown(p, POINT);
            JsonNode loc = p.path("location");
            check(loc.isObject() && loc.size() == 3, "location is not {x, y, z}");
            double[][] t = new double[4][4];
            JsonNode tr = p.path("transformation_");
            check(tr.isArray() && tr.size() == 4, "transformation_ is not 4 rows");
            for (int r = 0; r < 4; r++) {
                check(tr.get(r).isArray() && tr.get(r).size() == 4, "transformation_ row is not 4 numbers");
                for (int c = 0; c < 4; c++) {
                    check(tr.get(r).get(c).isNumber(), "transformation_ entry is not a number");
                    t[r][c] = tr.get(r).get(c).asDouble();
                }
            }
            check(t[3][0] == 0 && t[3][1] == 0 && t[3][2] == 0 && t[3][3] == 1, "last row is not [0, 0, 0, 1]");
            check(p.path("instance_id").isIntegralNumber(), "instance_id is not an int");
            check(p.path("score").isNumber(), "score is not a number");
            pts.add(new Point(num(loc, "x"), num(loc, "y"), num(loc, "z"), t, p.get("instance_id").asLong(),
                    p.get("score").asDouble()));
        }
        JsonNode vs = root.path("voxel_spacing");
        check(vs.isNull() || vs.isNumber(), "voxel_spacing is not a number or null");
        JsonNode run = root.path("run_name");
        check(run.isNull() || run.isTextual(), "run_name is not a string or null");
        check(root.path("trust_orientation").isBoolean(), "trust_orientation is not a bool");
        return new Picks(text(root, "pickable_object_name"), text(root, "user_id"), text(root, "session_id"),
                run.isNull() ? null : run.asText(), vs.isNull() ? null : vs.asDouble(), text(root, "unit"), pts,
                root.get("trust_orientation").asBoolean());
    }

    private static void onlyKnown(JsonNode o, Set<String> known) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            check(known.contains(f), "unknown field " + f);
        }
    }

    private static double num(JsonNode o, String f) {
        check(o.path(f).isNumber(), f + " is not a number");
        return o.get(f).asDouble();
    }

    private static String text(JsonNode o, String f) {
        check(o.path(f).isTextual(), f + " is not a string");
        return o.get(f).asText();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("copick picks: " + what);
        }
    }
}
