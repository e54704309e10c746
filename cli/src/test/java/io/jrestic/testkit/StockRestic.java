package io.jrestic.testkit;

/** The stock restic binary the interoperability tests compare with (Debian's restic 0.14, installed by scripts/test.sh). */
public final class StockRestic {
    public static final String EXECUTABLE = "restic";

    private StockRestic() {
    }

    /** True if {@code restic} is on the PATH; tests that need it skip themselves otherwise. */
    public static boolean installed() {
        return ChildProcess.onPath(EXECUTABLE);
    }
}
