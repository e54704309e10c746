package io.jrestic.archiver;

import io.jrestic.fs.FileStat;
import io.jrestic.fs.Posix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the files and bytes a backup will visit, in the background, so progress can show a percentage and an
 * ETA (restic runs the same scan beside the archiver). Applies the name-based excludes; errors are ignored here,
 * since the archiver reports them.
 */
public final class Scanner {
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean done;

    public long files() {
        return files.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** True once every target was walked: the totals are final. */
    public boolean done() {
        return done;
    }

    /** Starts scanning on a daemon thread. */
    public static Scanner start(List<String> targets, BackupOptions options) {
        Scanner s = new Scanner();
        Thread.ofPlatform().daemon().name("backup-scanner").start(() -> {
            for (String t : targets) s.walk(t.getBytes(StandardCharsets.UTF_8), SourceFiles.absolute(t), options, true);
            s.done = true;
        });
        return s;
    }

    private void walk(byte[] path, String abs, BackupOptions options, boolean target) {
        if (!target && (options.excludes().matches(abs) || options.iexcludes().matches(abs))) return;
        FileStat st;
        try {
            st = Posix.lstat(path);
        } catch (IOException e) {
            return;
        }
        if (st.isRegularFile()) {
            if (options.excludeLargerThan() > 0 && st.size() > options.excludeLargerThan()) return;
            files.incrementAndGet();
            bytes.addAndGet(st.size());
        } else if (st.isDirectory()) {
            List<byte[]> names;
            try {
                names = Posix.listDirectory(path);
            } catch (IOException e) {
                return;
            }
            for (byte[] n : names) {
                walk(SourceFiles.join(path, n), abs.endsWith("/") ? abs + SourceFiles.display(n) : abs + "/" + SourceFiles.display(n), options, false);
            }
        }
    }
}
