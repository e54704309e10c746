package io.jrestic.cli.prune;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

/**
 * A small backup history with something for every prune rule: three backups, the first forgotten (so packs hold
 * used and unused blobs side by side), and the packs of an interrupted fourth backup that no index lists.
 */
final class History {
    private History() {
    }

    /** Builds the history in {@code w}'s repository (created here) with jrestic or stock restic. */
    static void build(Workbench w, boolean restic) throws Exception {
        if (restic) w.restic("init").ok();
        else w.jrestic("init").ok();
        w.write("a.bin", 200_000);
        w.write("b.bin", 150_000);
        w.write("dir/c.bin", 100_000);
        w.write("dir/keep.bin", 50_000);
        String first = w.backup(restic);
        w.delete("a.bin");
        w.write("d.bin", 120_000);
        w.write("dir/c.bin", 90_000);
        w.backup(restic);
        w.write("e.bin", 80_000);
        w.backup(restic);
        w.forget(first);
        interruptedBackup(w, restic);
    }

    /** A backup whose snapshot and index never made it: its packs are unreferenced. */
    static void interruptedBackup(Workbench w, boolean restic) throws Exception {
        Set<String> indexBefore = w.files("index");
        w.write("f.bin", 70_000);
        String id = w.backup(restic);
        w.forget(id);
        w.delete("f.bin");
        Set<String> added = new HashSet<>(w.files("index"));
        added.removeAll(indexBefore);
        for (String index : added) Files.delete(w.repo.resolve("index").resolve(index));
    }

    /** Number of pack files in the repository. */
    static int packCount(Workbench w) throws IOException {
        return w.files("data").size();
    }
}
