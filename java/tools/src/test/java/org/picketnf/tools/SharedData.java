package org.picketnf.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared, read-only folder beside the repository ({@code $PICKET_SHARED}, else
 * {@code <picket.repo.root>/../shared}), as core's TestData finds it (whose test sources this module cannot see).
 * A missing file skips the test, except under {@code CI=true}, where it fails.
 */
final class SharedData {
    private SharedData() {
    }

    /** {@code <shared>/<relative>}, skipping (or on CI failing) the test when it is absent. */
    static Path file(String relative) {
        Path root = root();
        Path p = root == null ? null : root.resolve(relative);
        if (p != null && Files.exists(p)) {
            return p;
        }
        String msg = "shared test file " + relative + " not found"
                + (root == null ? " (neither PICKET_SHARED nor picket.repo.root is set)" : " under " + root)
                + "; set PICKET_SHARED to the shared directory";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(msg + " (CI=true: missing test data is an error)");
        }
        Assumptions.abort(msg);
        throw new AssertionError("unreachable");
    }

    private static Path root() {
        String env = System.getenv("PICKET_SHARED");
        if (env != null && !env.isBlank()) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        String r = System.getProperty("picket.repo.root");
        if (r == null || r.isBlank()) {
            return null;
        }
        return Paths.get(r).resolve("..").resolve("shared").toAbsolutePath().normalize();
    }
}
