package io.jrestic.cli.command;

import io.jrestic.cli.CliException;
import io.jrestic.cli.ExitCode;
import io.jrestic.cli.Printer;
import io.jrestic.cli.progress.CounterSequence;
import io.jrestic.cli.output.Sizes;
import io.jrestic.id.Id;
import io.jrestic.json.JsonWriter;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.prune.PackAction;
import io.jrestic.prune.PruneListener;
import io.jrestic.prune.PruneOptions;
import io.jrestic.prune.PrunePlan;
import io.jrestic.prune.PruneResult;
import io.jrestic.prune.PruneStatistics;
import io.jrestic.prune.Pruner;
import io.jrestic.prune.UnusedLimit;
import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prune}: removes data no snapshot uses, with restic 0.14's plan, output and flags (restic-format §18).
 *
 * <p><b>Test hook.</b> {@value #KILL_AT_VARIABLE}{@code =<point>[:<n>]} makes the process halt at once
 * ({@link Runtime#halt}, no shutdown hooks, so its lock stays behind, exactly as after SIGKILL) the {@code n}-th
 * time (default: first) it reaches {@code <point>}: a checkpoint such as {@code repacked-pack-saved},
 * {@code index-file-saved}, {@code old-index-file-deleted}, {@code pack-deleted} (see
 * {@link PruneListener.Checkpoint}) or the start of a step such as {@code rebuilding-index} (see
 * {@link PruneListener.Step}). Crash-safety tests use it to stop a real process at chosen points.
 */
@Command(name = "prune", description = "Remove unneeded data from the repository")
public final class PruneCommand extends RepositoryCommand {
    /** The environment variable of the crash test hook; see the class comment. */
    public static final String KILL_AT_VARIABLE = "JRESTIC_TEST_PRUNE_KILL_AT";
    /** The exit status the test hook halts with: what a shell reports for SIGKILL. */
    public static final int KILLED_STATUS = 137;

    @Option(names = {"-n", "--dry-run"}, description = "do not modify the repository, just print what would be done")
    boolean dryRun;

    @Option(names = "--max-unused", paramLabel = "limit", defaultValue = "5%",
            description = "tolerate given limit of unused data (absolute value in bytes with suffixes k/K, m/M, g/G, t/T, a value in % or the word 'unlimited') (default \"5%\")")
    String maxUnused;

    @Option(names = "--max-repack-size", paramLabel = "size",
            description = "maximum size to repack (allowed suffixes: k/K, m/M, g/G, t/T)")
    String maxRepackSize;

    @Option(names = "--repack-cacheable-only", description = "only repack packs which are cacheable")
    boolean repackCacheableOnly;

    @Option(names = "--repack-small", description = "repack pack files below 80% of target pack size")
    boolean repackSmall;

    @Option(names = "--repack-smaller-than", paramLabel = "below-limit",
            description = "pack files below this size are repacked if --max-unused allows it (allowed suffixes: k/K, m/M, g/G, t/T)")
    String repackSmallerThan;

    @Option(names = "--repack-uncompressed", description = "repack all uncompressed data")
    boolean repackUncompressed;

    @Override
    public Integer call() throws Exception {
        PruneOptions options = options();
        try (Repository repo = global().openRepository()) {
            // restic locks unless both --dry-run and --no-lock are given.
            RepositoryLock lock = dryRun && global().noLock() ? null : RepositoryLock.acquire(repo, true);
            try {
                return prune(repo, lock, options, dryRun, printer(), global().env().get(KILL_AT_VARIABLE),
                        global().env().get("RESTIC_PROGRESS_FPS"));
            } finally {
                if (lock != null) lock.close();
            }
        }
    }

    /** Plans and (unless a dry run) executes a prune under a lock the caller holds; {@code forget --prune} uses it. */
    static int prune(Repository repo, RepositoryLock lock, PruneOptions options, boolean dryRun, Printer p, String killAt,
                     String progressFps) throws java.io.IOException {
        CounterSequence counters = new CounterSequence(p, progressFps);
        Listener listener = new Listener(p, lock, KillHook.parse(killAt), counters);
        Pruner pruner = Pruner.prepare(repo, options, listener);
        PrunePlan plan = pruner.plan();
        counters.finish();
        if (!p.json()) printStatistics(p, plan.statistics());
        if (dryRun) {
            if (!p.json() && p.verbosity() >= 2) printWouldDo(p, plan);
            if (p.json()) p.jsonLine(summary(plan, null));
            return ExitCode.OK;
        }
        PruneResult result = pruner.execute();
        if (p.json()) p.jsonLine(summary(plan, result));
        return ExitCode.OK;
    }

    PruneOptions options() {
        return options(maxUnused, maxRepackSize, repackCacheableOnly, repackSmall, repackSmallerThan, repackUncompressed);
    }

    /** Prune's options from the flags as given (shared with {@code forget --prune}). */
    static PruneOptions options(String maxUnused, String maxRepackSize, boolean repackCacheableOnly, boolean repackSmall,
                                String repackSmallerThan, boolean repackUncompressed) {
        UnusedLimit limit = parseMaxUnused(maxUnused);
        long repackBytes = maxRepackSize == null ? Long.MAX_VALUE : size("--max-repack-size", maxRepackSize);
        long smallerThan = repackSmallerThan == null ? 0 : size("--repack-smaller-than", repackSmallerThan);
        return new PruneOptions(limit, repackBytes, repackCacheableOnly, repackSmall, smallerThan, repackUncompressed);
    }

    /** restic's {@code --max-unused}: "unlimited", a percentage below 100, or a size with k/m/g/t. */
    static UnusedLimit parseMaxUnused(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) throw new CliException("invalid value for --max-unused: \"" + text + "\"");
        if (s.equals("unlimited")) return UnusedLimit.UNLIMITED;
        if (s.endsWith("%")) {
            double percent;
            try {
                percent = Double.parseDouble(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                throw new CliException("invalid percentage \"" + text + "\" passed for --max-unused");
            }
            try {
                return UnusedLimit.percent(percent);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        try {
            return UnusedLimit.bytes(Sizes.parse(s));
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid number of bytes \"" + text + "\" for --max-unused: " + e.getMessage());
        }
    }

    private static long size(String option, String text) {
        try {
            long v = Sizes.parse(text);
            if (v < 0) throw new IllegalArgumentException("negative size");
            return v;
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid " + option + " \"" + text + "\": " + e.getMessage());
        }
    }

    /** restic 0.14's statistics block; the detailed lines only with -v, as restic's Verboseff. */
    static void printStatistics(Printer p, PruneStatistics s) {
        PruneStatistics.Amount total = s.total();
        if (p.verbosity() >= 2) {
            p.info("");
            p.info(amountLine("used:", s.used()));
            if (s.duplicate().blobs() > 0) p.info(amountLine("duplicates:", s.duplicate()));
            p.info(amountLine("unused:", s.unused()));
            if (s.unreferencedBytes() > 0) p.info("unreferenced:                    " + Sizes.format(s.unreferencedBytes()));
            p.info(amountLine("total:", total));
            p.info("unused size: " + percent(s.unusedTotal().bytes(), total.bytes()) + " of total size");
        }
        p.info("");
        p.info(amountLine("to repack:", s.repack()));
        p.info(amountLine("this removes:", s.repackRemoved()));
        p.info(amountLine("to delete:", s.delete()));
        p.info(amountLine("total prune:", s.totalPrune()));
        if (s.uncompressedBytes() > 0) p.info("not yet compressed:              " + Sizes.format(s.uncompressedBytes()));
        p.info(amountLine("remaining:", s.remaining()));
        p.info("unused size after prune: " + Sizes.format(s.unusedBytesAfter()) + " ("
                + percent(s.unusedBytesAfter(), s.remaining().bytes()) + " of remaining size)");
        p.info("");
        if (p.verbosity() >= 2) {
            PruneStatistics.Packs packs = s.packs();
            p.info(String.format(Locale.ROOT, "totally used packs: %10d", packs.used()));
            p.info(String.format(Locale.ROOT, "partly used packs:  %10d", packs.partlyUsed()));
            p.info(String.format(Locale.ROOT, "unused packs:       %10d", packs.unused()));
            p.info("");
            p.info(String.format(Locale.ROOT, "to keep:      %10d packs", packs.keep()));
            p.info(String.format(Locale.ROOT, "to repack:    %10d packs", packs.repack()));
            p.info(String.format(Locale.ROOT, "to delete:    %10d packs", packs.remove()));
            if (packs.unreferenced() > 0) {
                p.info(String.format(Locale.ROOT, "to delete:    %10d unreferenced packs", packs.unreferenced()));
                p.info("");
            }
        }
    }

    private static String amountLine(String label, PruneStatistics.Amount a) {
        return String.format(Locale.ROOT, "%-14s%10d blobs / %s", label, a.blobs(), Sizes.format(a.bytes()));
    }

    /** Go's {@code %3.2f%%} of a ratio, capped at 100 %; empty for a zero denominator, as restic prints. */
    static String percent(long numerator, long denominator) {
        if (denominator <= 0) return "";
        double pct = Math.min(100.0, 100.0 * numerator / denominator);
        return String.format(Locale.ROOT, "%3.2f%%", pct);
    }

    private static void printWouldDo(Printer p, PrunePlan plan) {
        Set<Id> unreferenced = plan.packs(PackAction.DELETE_UNREFERENCED);
        if (!unreferenced.isEmpty()) {
            p.info("Would have removed the following unreferenced packs:\n" + idSet(unreferenced) + "\n");
        }
        p.info("Would have repacked and removed the following packs:\n" + idSet(plan.packs(PackAction.REPACK)) + "\n");
        p.info("Would have removed the following no longer used packs:\n" + idSet(plan.packs(PackAction.REMOVE)) + "\n");
    }

    /** Go's formatting of restic's ID set: short IDs in braces. */
    private static String idSet(Set<Id> ids) {
        return ids.stream().sorted().map(Id::toShortString).collect(Collectors.joining(" ", "{", "}"));
    }

    /** The {@code --json} result: the plan's numbers and, unless a dry run, what was done. */
    static byte[] summary(PrunePlan plan, PruneResult result) {
        PruneStatistics s = plan.statistics();
        JsonWriter w = new JsonWriter().beginObject()
                .name("message_type").value("summary")
                .name("dry_run").value(result == null);
        amount(w, "used", s.used());
        amount(w, "duplicate", s.duplicate());
        amount(w, "unused", s.unused());
        w.name("unreferenced_size").value(s.unreferencedBytes());
        amount(w, "total", s.total());
        amount(w, "repack", s.repack());
        amount(w, "repack_removed", s.repackRemoved());
        amount(w, "delete", s.delete());
        amount(w, "total_prune", s.totalPrune());
        amount(w, "remaining", s.remaining());
        w.name("unused_size_after_prune").value(s.unusedBytesAfter());
        w.name("uncompressed_size").value(s.uncompressedBytes());
        PruneStatistics.Packs packs = s.packs();
        w.name("packs").beginObject()
                .name("used").value(packs.used())
                .name("partly_used").value(packs.partlyUsed())
                .name("unused").value(packs.unused())
                .name("keep").value(packs.keep())
                .name("repack").value(packs.repack())
                .name("delete").value(packs.remove())
                .name("unreferenced").value(packs.unreferenced())
                .endObject();
        if (result != null) {
            w.name("result").beginObject()
                    .name("unreferenced_packs_deleted").value(result.unreferencedPacksDeleted())
                    .name("packs_written").value(result.packsWritten())
                    .name("index_files_written").value(result.indexFilesWritten())
                    .name("index_files_deleted").value(result.indexFilesDeleted())
                    .name("packs_deleted").value(result.packsDeleted())
                    .endObject();
        }
        return w.endObject().toByteArray();
    }

    private static void amount(JsonWriter w, String name, PruneStatistics.Amount a) {
        w.name(name + "_blobs").value(a.blobs()).name(name + "_size").value(a.bytes());
    }

    /** restic's step lines and counters, the lock's health at every checkpoint, and the test hook. */
    private record Listener(Printer p, RepositoryLock lock, KillHook killHook, CounterSequence counters) implements PruneListener {
        @Override
        public void step(Step step, long count) {
            killHook.reached(externalName(step), p);
            counters.finish();
            switch (step) {
                case LOADING_INDEX -> p.info("loading indexes...");
                case LOADING_SNAPSHOTS -> p.info("loading all snapshots...");
                case FINDING_USED_BLOBS -> p.info("finding data that is still in use for " + count + " snapshots");
                case SEARCHING_USED_PACKS -> p.info("searching used packs...");
                case COLLECTING_PACKS -> p.info("collecting packs for deletion and repacking");
                case DELETING_UNREFERENCED_PACKS -> p.info("deleting unreferenced packs");
                case REPACKING -> p.info("repacking packs");
                case REBUILDING_INDEX -> p.info("rebuilding index");
                case DELETING_OLD_INDEX_FILES -> p.info("deleting obsolete index files");
                case REMOVING_PACKS -> p.info("removing " + count + " old packs");
                case DONE -> p.info("done");
            }
            // restic's counters; the planning steps report no items one by one, so their counters end full
            switch (step) {
                case FINDING_USED_BLOBS -> counters.start(count, "snapshots", true);
                case COLLECTING_PACKS -> counters.start(count, "packs processed", true);
                case REBUILDING_INDEX -> counters.start(count, "packs processed", true);
                case REPACKING -> counters.start(count, "packs repacked", false);
                case DELETING_UNREFERENCED_PACKS, DELETING_OLD_INDEX_FILES, REMOVING_PACKS ->
                        counters.start(count, "files deleted", false);
                default -> {
                }
            }
        }

        @Override
        public void packRepacked(Id pack) {
            counters.add(1);
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) throws IOException {
            killHook.reached(checkpoint.externalName(), p);
            switch (checkpoint) {
                case UNREFERENCED_PACK_DELETED, OLD_INDEX_FILE_DELETED, PACK_DELETED -> counters.add(1);
                default -> {
                }
            }
            if (lock != null) lock.checkValid();
        }

        @Override
        public void warn(String message) {
            p.warn(message);
        }

        private static String externalName(Step step) {
            return step.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The test hook: halts the JVM the n-th time a named point is reached; inert when the variable is unset. */
    private static final class KillHook {
        private final String point;
        private int remaining;

        private KillHook(String point, int occurrence) {
            this.point = point;
            this.remaining = occurrence;
        }

        static KillHook parse(String value) {
            if (value == null) return new KillHook(null, 0);
            int colon = value.lastIndexOf(':');
            if (colon < 0) return new KillHook(value.strip(), 1);
            try {
                return new KillHook(value.substring(0, colon).strip(), Integer.parseInt(value.substring(colon + 1).strip()));
            } catch (NumberFormatException e) {
                throw new CliException("invalid " + KILL_AT_VARIABLE + " \"" + value + "\": expected <point>[:<n>]");
            }
        }

        void reached(String name, Printer p) {
            if (point == null || !point.equals(name) || --remaining != 0) return;
            p.out().flush();
            p.err().println("jrestic: " + KILL_AT_VARIABLE + ": halting at " + name);
            p.err().flush();
            Runtime.getRuntime().halt(KILLED_STATUS);
        }
    }
}
