package org.picketnf.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code --version} of the three S1 tools: one line "TOOL VERSION" on stdout, exit 0, nothing else done (it wins
 * over required options and subcommands, which would otherwise be refused). From classes the version is "dev";
 * the fat jars print the reactor's version (checked in the container test).
 */
class S1VersionTest {
    private static void assertVersion(String tool, S1Run.Result r) {
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().matches(tool + " (dev|" + java.util.regex.Pattern.quote(
                System.getProperty("picket.version", "dev")) + ")\\R"), r.out());
    }

    @Test
    void everyS1ToolPrintsItsVersion() {
        assertVersion("picket-features", S1Run.features("--version"));
        assertVersion("picket-features", S1Run.features("extract", "--version"));
        assertVersion("picket-cluster", S1Run.cluster("--version"));
        assertVersion("picket-cluster", S1Run.cluster("--method", "kmeans", "--version"));
        assertVersion("picket-segment", S1Run.segment("--version"));
    }

    @Test
    void withoutVersionTheSameArgumentsAreStillRefused() {
        assertEquals(2, S1Run.cluster("--method", "kmeans").code());
        assertEquals(2, S1Run.features("extract").code());
    }
}
