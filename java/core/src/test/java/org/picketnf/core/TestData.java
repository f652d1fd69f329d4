package org.picketnf.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared, read-only test data ({@code <shared>/data}, {@code <shared>/reference}) beside the
 * repository. Other modules use it through core's test-jar.
 *
 * <p>The shared folder is {@code $PICKET_SHARED} when that environment variable is set, otherwise
 * {@code <picket.repo.root>/../shared}, where the system property {@code picket.repo.root} is set by surefire
 * to the repository root. When the data are missing, a test is skipped, except on CI ({@code CI=true}), where a
 * missing data folder is a failure: CI must never pass by skipping everything.
 */
public final class TestData {
    private TestData() {
    }

    /** The {@code data} folder of the shared directory; skips (or, on CI, fails) the test when it is absent. */
    public static Path dataDir() {
        return shared("data");
    }

    /** {@code <shared>/<relative>} (a file or folder); skips (or, on CI, fails) the test when it is absent. */
    public static Path shared(String relative) {
        Path root = sharedRoot();
        return require(root == null ? null : root.resolve(relative).normalize(), "shared " + relative);
    }

    /** {@code <shared>/data/<sub>}; skips (or, on CI, fails) the test when it is absent. */
    public static Path dir(String sub) {
        return require(dataDir().resolve(sub), "shared test data folder " + sub);
    }

    /** {@code <shared>/data/<sub>/<name>}; skips (or, on CI, fails) the test when the file is absent. */
    public static Path file(String sub, String name) {
        return require(dir(sub).resolve(name), "shared test file " + sub + "/" + name);
    }

    private static Path sharedRoot() {
        String env = System.getenv("PICKET_SHARED");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        String root = System.getProperty("picket.repo.root");
        if (root == null || root.isBlank()) {
            return null;
        }
        return Paths.get(root).resolve("..").resolve("shared").toAbsolutePath().normalize();
    }

    private static Path require(Path p, String what) {
        if (p != null && Files.exists(p)) {
            return p;
        }
        String msg = what + " not found at " + (p == null ? "(unknown: neither PICKET_SHARED nor the system property"
                + " picket.repo.root is set)" : p) + "; set PICKET_SHARED to the shared directory";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(msg + " (CI=true: missing test data is an error)");
        }
        Assumptions.abort(msg);
        throw new AssertionError("unreachable");
    }
}
