package org.picketnf.segment;

import java.io.PrintStream;

/** Reaches picket-cluster's package-private entry point from the segment module's tests. */
final class ClusterMainAccess {
    private ClusterMainAccess() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return org.picketnf.cluster.ClusterMain.main0(args, out, err);
    }
}
