package org.picketnf.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.picketnf.core.BadInputException;

/**
 * The contract every parser's fuzz test checks: the reader either returns a value that passes its own invariants
 * (checked by the test) or throws {@link BadInputException} with a one-line message naming the file. Any other
 * exception or error (NullPointerException, ArithmeticException, OutOfMemoryError, ...) escapes the test and is a
 * finding. Inputs are written to one scratch folder per JVM, one file name per target, overwritten each run.
 */
public final class FuzzContract {
    private static final Path DIR;

    static {
        try {
            // memory-backed when the machine has /dev/shm: the targets read files, and fuzzing writes one per run
            Path shm = Path.of("/dev/shm");
            DIR = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "picket-fuzz")
                    : Files.createTempDirectory("picket-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzContract() {
    }

    /** Writes {@code data} to the scratch file {@code name} (replacing it) and returns its path. */
    public static Path write(String name, byte[] data) {
        Path f = DIR.resolve(name);
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        f.toFile().deleteOnExit();
        return f;
    }

    /** Fails unless {@code e}'s message is one line that names {@code file}. */
    public static void checkRefusal(BadInputException e, Path file) {
        String m = e.getMessage();
        if (m == null || !m.contains(file.toString())) {
            throw new AssertionError("refusal does not name the file " + file + ": " + m, e);
        }
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new AssertionError("refusal is not one line: " + m, e);
        }
    }

    /** Fails with {@code what} unless {@code ok}. */
    public static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("invariant broken: " + what);
        }
    }
}
