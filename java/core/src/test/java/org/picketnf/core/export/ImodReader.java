package org.picketnf.core.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reader of IMOD binary models for the tests, from "IMOD Binary File Format, Version 1, Revision 2"
 * (IMOD's {@code html/binspec.html}): big-endian; the ID "IMOD" and the version "V1.2"; a 232-byte model header;
 * then chunks named by 4 ASCII bytes: OBJT (176 bytes), CONT (16 bytes and psize points of 3 floats), MESH (20 bytes,
 * vsize x 12 and lsize x 4 bytes), IEOF (end); any other chunk is an optional one with a 4-byte size that can be
 * skipped.
 */
public final class ImodReader {
    public record Contour(int flags, int time, int surf, List<float[]> points) {
    }

    public record Obj(String name, int flags, int contsize, float[] rgb, int pdrawsize, List<Contour> contours,
            Map<String, Integer> chunkSizes) {
    }

    public record Model(String name, int xmax, int ymax, int zmax, int objsize, int flags, float pixsize, int units,
            List<Obj> objects) {
    }

    private ImodReader() {
    }

    public static Model read(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        check(id(b).equals("IMOD"), "does not start with IMOD");
        check(id(b).equals("V1.2"), "version is not V1.2");
        int start = b.position();
        String name = cstring(b, 128);
        int xmax = b.getInt();
        int ymax = b.getInt();
        int zmax = b.getInt();
        int objsize = b.getInt();
        int flags = b.getInt();
        b.position(start + 128 + 9 * 4 + 6 * 4 + 5 * 4); // past whitelevel, offsets, scales, indices, res, thresh
        float pixsize = b.getFloat();
        int units = b.getInt();
        b.getInt(); // csum
        b.getFloat(); // alpha
        b.getFloat(); // beta
        b.getFloat(); // gamma
        check(b.position() - start == 232, "header is not 232 bytes");
        List<Obj> objs = new ArrayList<>();
        Obj cur = null;
        while (true) {
            check(b.remaining() >= 4, "no IEOF");
            String id = id(b);
            if (id.equals("IEOF")) {
                check(b.remaining() == 0, b.remaining() + " bytes after IEOF");
                break;
            }
            if (id.equals("OBJT")) {
                int s = b.position();
                String oname = cstring(b, 64);
                b.position(b.position() + 64); // extra
                int contsize = b.getInt();
                int oflags = b.getInt();
                b.getInt(); // axis
                b.getInt(); // drawmode
                float[] rgb = {b.getFloat(), b.getFloat(), b.getFloat()};
                int pdrawsize = b.getInt();
                b.position(b.position() + 8); // symbol .. trans
                b.getInt(); // meshsize
                b.getInt(); // surfsize
                check(b.position() - s == 176, "object is not 176 bytes");
                cur = new Obj(oname, oflags, contsize, rgb, pdrawsize, new ArrayList<>(), new LinkedHashMap<>());
                objs.add(cur);
            } else if (id.equals("CONT")) {
                check(cur != null, "CONT before OBJT");
                int psize = b.getInt();
                int cflags = b.getInt();
                int time = b.getInt();
                int surf = b.getInt();
                List<float[]> pts = new ArrayList<>();
                for (int i = 0; i < psize; i++) {
                    pts.add(new float[] {b.getFloat(), b.getFloat(), b.getFloat()});
                }
                cur.contours().add(new Contour(cflags, time, surf, pts));
            } else if (id.equals("MESH")) {
                int vsize = b.getInt();
                int lsize = b.getInt();
                b.position(b.position() + 12 + vsize * 12 + lsize * 4);
            } else {
                check(id.chars().allMatch(c -> c >= 'A' && c <= 'Z'), "bad chunk id '" + id + "'");
                int size = b.getInt();
                check(size >= 0 && size <= b.remaining(), "chunk " + id + " size " + size);
                if (cur != null) {
                    cur.chunkSizes().put(id, size);
                }
                b.position(b.position() + size);
            }
        }
        check(objs.size() == objsize, objsize + " objects in the header, " + objs.size() + " in the file");
        for (Obj o : objs) {
            check(o.contours().size() == o.contsize(), "object " + o.name() + ": contsize " + o.contsize() + ", "
                    + o.contours().size() + " contours");
        }
        return new Model(name, xmax, ymax, zmax, objsize, flags, pixsize, units, objs);
    }

    private static String id(ByteBuffer b) {
        byte[] x = new byte[4];
        b.get(x);
        return new String(x, StandardCharsets.US_ASCII);
    }

    private static String cstring(ByteBuffer b, int len) {
        byte[] x = new byte[len];
        b.get(x);
        int e = 0;
        while (e < len && x[e] != 0) {
            e++;
        }
        check(e < len, "string not NUL-terminated");
        return new String(x, 0, e, StandardCharsets.US_ASCII);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("IMOD model: " + what);
        }
    }
}
