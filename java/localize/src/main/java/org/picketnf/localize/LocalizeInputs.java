package org.picketnf.localize;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.io.Json;
import org.picketnf.core.mrc.MrcFile;

/**
 * The inputs of one call, opened and checked before anything is written: the segmentations (headers; with several,
 * their values too), the tomogram's shape, the provenance JSONs, and that every output can be written.
 *
 * @param segmentations the segmentations in --segmentation order, each with its picket-segment provenance
 * @param tomogram --tomogram, opened, or null
 * @param jobs every (segmentation, method) pair and its output prefix
 */
record LocalizeInputs(List<LocalizeInputs.Segmentation> segmentations, MrcFile tomogram,
                      List<LocalizeOutputs.Job> jobs) {

    /**
     * One segmentation and its picket-segment provenance ({@code s1}: the parsed --provenance JSON, or empty).
     */
    record Segmentation(MrcFile file, Map<String, Object> s1) {
    }

    /** Opens and checks everything {@code p} names; the first problem is thrown as a {@link BadInputException}. */
    static LocalizeInputs open(LocalizeOptions p) {
        List<MrcFile> segs = new ArrayList<>();
        for (Path s : p.segmentations()) {
            MrcFile f = MrcFile.open(s);
            if (f.nz() == 0 || f.header().nz() == 0) {
                throw new BadInputException(s + ": contains no data (NZ = 0): an empty volume");
            }
            try {
                Volume.checkedSize(f.nx(), f.ny(), f.nz());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(s + ": " + e.getMessage());
            }
            checkZ(p, f);
            segs.add(f);
        }
        MrcFile tomoFile = null;
        if (p.tomogram() != null) {
            tomoFile = MrcFile.open(p.tomogram());
            for (MrcFile f : segs) {
                if (tomoFile.nx() != f.nx() || tomoFile.ny() != f.ny() || tomoFile.nz() != f.nz()) {
                    throw new BadInputException(p.tomogram() + ": is " + dims(tomoFile) + " but segmentation "
                            + f.path() + " is " + dims(f));
                }
            }
            if (p.box() > 0 && (p.box() > tomoFile.nx() || p.box() > tomoFile.ny() || p.box() > tomoFile.nz())) {
                throw new BadInputException("--box: " + p.box() + " is larger than the volume " + dims(tomoFile));
            }
        }
        List<Map<String, Object>> s1 = new ArrayList<>();
        for (Path prov : p.provenances()) {
            s1.add(readProvenance(prov));
        }
        List<LocalizeOutputs.Job> jobs = LocalizeOutputs.jobs(p);
        LocalizeOutputs.checkWritable(p, jobs);
        for (MrcFile f : segs) {
            if (p.diameterA() != null) {
                S2Parameters.voxelSizeA(f, tomoFile);
            }
        }
        if (segs.size() > 1) {
            for (MrcFile f : segs) {
                if (p.autoCluster()) {
                    MaskScan.scanCodes(f, p, null, 0);
                } else {
                    MaskScan.checkClusterPresent(f, p.clusterId(), MaskScan.scan(f, p, null));
                }
            }
        }
        List<Segmentation> segmentations = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            segmentations.add(new Segmentation(segs.get(i), s1.isEmpty() ? Map.of() : s1.get(i)));
        }
        return new LocalizeInputs(segmentations, tomoFile, jobs);
    }

    private static String dims(MrcFile f) {
        return f.nx() + "x" + f.ny() + "x" + f.nz();
    }

    private static void checkZ(LocalizeOptions p, MrcFile f) {
        int nz = f.nz();
        if (p.lowerZ() != null && (p.lowerZ() < 0 || p.lowerZ() >= nz)) {
            throw new BadInputException("--lower-z: " + p.lowerZ() + " is outside the volume (z 0.." + (nz - 1)
                    + " in " + f.path() + ")");
        }
        if (p.upperZ() != null && (p.upperZ() < 0 || p.upperZ() >= nz)) {
            throw new BadInputException("--upper-z: " + p.upperZ() + " is outside the volume (z 0.." + (nz - 1)
                    + " in " + f.path() + ")");
        }
    }

    /** A picket-segment provenance JSON as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readProvenance(Path file) {
        try {
            Object o = Json.mapper().readValue(file.toFile(), Object.class);
            if (!(o instanceof Map)) {
                throw new BadInputException(file + ": not a picket-segment provenance JSON (not an object)");
            }
            return (Map<String, Object>) o;
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + ": not valid JSON (" + m + ")", e);
        }
    }
}
