package org.picketnf.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcFile;
import org.picketnf.core.mrc.MrcHeader;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the MRC reader ({@link MrcFile}): header, extended header and data, plain and gzip-compressed.
 * Seeds are in {@code src/test/resources/org/picketnf/core/fuzz/MrcFuzzTestInputs/<method>/}.
 */
class MrcFuzzTest {

    /** The input is the file as stored (it may itself start with the gzip magic). */
    @FuzzTest
    void plain(byte[] data) {
        check(FuzzContract.write("fuzz.mrc", data));
    }

    /** The input is the decompressed content; the file is its gzip. */
    @FuzzTest
    void gzip(byte[] data) {
        check(FuzzContract.write("fuzz.mrc.gz", gzipped(data)));
    }

    static byte[] gzipped(byte[] data) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    private static void check(Path f) {
        try {
            MrcFile m = MrcFile.open(f);
            MrcHeader h = m.header();
            FuzzContract.require(m.mode() != null && m.mode().isReal(), "mode is a real-valued MRC mode");
            FuzzContract.require(h.nx() > 0 && h.ny() > 0 && h.nz() >= 0, "header NX, NY > 0 and NZ >= 0");
            // x, y, z are NX, NY, NZ reordered by MAPC/MAPR/MAPS: with NZ = 0 (an empty volume) any axis can be 0
            FuzzContract.require((long) m.nx() * m.ny() * m.nz() == (long) h.nx() * h.ny() * h.nz()
                    && m.nx() + m.ny() + m.nz() == (long) h.nx() + h.ny() + h.nz(),
                    "x, y, z are NX, NY, NZ reordered");
            FuzzContract.require(h.nsymbt() >= 0, "NSYMBT >= 0");
            FuzzContract.require(m.extendedHeader().length == h.nsymbt(), "extended header has NSYMBT bytes");
            if (h.nz() > 0) {
                Volume v = m.readVolume();
                FuzzContract.require(v.nx() == m.nx() && v.ny() == m.ny() && v.nz() == m.nz(),
                        "volume has the header's shape");
                FuzzContract.require(v.data().length == (long) m.nx() * m.ny() * m.nz(), "one float per voxel");
                Volume s = m.readSlab(m.nz() - 1, m.nz());
                FuzzContract.require(s.nz() == 1, "last section reads as a one-section slab");
            }
        } catch (BadInputException e) {
            FuzzContract.checkRefusal(e, f);
        }
    }
}
