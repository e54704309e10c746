package io.jrestic.cli.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.FileType;
import io.jrestic.backend.local.LocalBackend;
import io.jrestic.cli.CliRun;
import io.jrestic.cli.ExitCode;
import io.jrestic.id.Id;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.snapshot.SnapshotCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrestic forget}'s own contract: guard rails beyond restic, explicit IDs, locks, flags and errors. */
class ForgetCommandTest {
    @TempDir
    Path tmp;
    Path repo;
    CliRun cli;

    @BeforeEach
    void initRepository() {
        repo = tmp.resolve("repo");
        cli = new CliRun().env("RESTIC_REPOSITORY", repo.toString()).env("RESTIC_PASSWORD", "secret");
        assertEquals(0, cli.run("init").exitCode());
    }

    private Repository open() throws Exception {
        return Repository.open(new LocalBackend(repo), "secret".getBytes(StandardCharsets.UTF_8), null, Repository.Settings.DEFAULT);
    }

    /** Writes snapshots of host h at the given times, each with the given path. */
    private List<Id> snapshots(String[][] pathAndTime) throws Exception {
        try (Repository r = open()) {
            return java.util.Arrays.stream(pathAndTime).map(pt -> {
                Snapshot s = Snapshot.builder(OffsetDateTime.parse(pt[1]), Id.ZERO, List.of(pt[0])).hostname("h").build();
                try {
                    return r.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(s));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private List<Id> threeDays() throws Exception {
        return snapshots(new String[][] {{"/p", "2024-05-01T10:00:00Z"}, {"/p", "2024-05-02T10:00:00Z"}, {"/p", "2024-05-03T10:00:00Z"}});
    }

    private int snapshotCount() throws Exception {
        return ForgetFixture.snapshotFiles(repo).size();
    }

    @Test
    void refusesToRemoveEverySnapshotOfAGroupUnlessForced() throws Exception {
        threeDays();
        CliRun.Result refused = cli.run("forget", "--keep-tag", "none");
        assertEquals(ExitCode.FAILURE, refused.exitCode());
        assertEquals(1, refused.errLines().length, refused.err());
        assertEquals("Fatal: refusing to delete last snapshot of snapshot group \"host [h], paths [/p]\"; "
                + "use --force to remove every snapshot of a group", refused.errLines()[0]);
        assertEquals(3, snapshotCount());
        CliRun.Result forced = cli.run("forget", "--keep-tag", "none", "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals(0, snapshotCount());
    }

    @Test
    void warnsWhenThePolicyKeepsEverythingBecauseThePathsChanged() throws Exception {
        snapshots(new String[][] {{"/d/1", "2024-05-01T10:00:00Z"}, {"/d/2", "2024-05-02T10:00:00Z"}, {"/d/3", "2024-05-03T10:00:00Z"}});
        CliRun.Result r = cli.run("forget", "--keep-last", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(3, snapshotCount());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("warning: the policy removes nothing from 3 groups that differ only in their paths "
                + "(\"host [h], paths [/d/1]\", \"host [h], paths [/d/2]\", \"host [h], paths [/d/3]\"), but would remove 2 "
                + "snapshots if they were one group"), r.err());
        assertTrue(r.err().contains("use --group-by host"), r.err());
        assertEquals("", cli.run("forget", "--keep-last", "1", "--group-by", "host").err());
    }

    @Test
    void explicitIdsRemoveExactlyThoseAndSkipUnknownOnes() throws Exception {
        List<Id> ids = threeDays();
        CliRun.Result r = cli.run("forget", "--json", ids.get(1).toShortString(), "nonexist");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertEquals("Ignoring \"nonexist\": no matching ID found for prefix \"nonexist\"", r.err().strip());
        assertEquals(2, snapshotCount());
        assertFalse(ForgetFixture.snapshotFiles(repo).contains(ids.get(1).toString()));
    }

    @Test
    void anEmptyPolicyRemovesNothingOrIsAnErrorUnderLatestRules() throws Exception {
        threeDays();
        CliRun.Result r = cli.run("forget");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("no policy was specified, no snapshots will be removed\n", r.out());
        CliRun.Result latest = cli.run("forget", "--latest-rules");
        assertEquals(ExitCode.FAILURE, latest.exitCode());
        assertEquals("Fatal: no policy was specified, no snapshots will be removed", latest.err().strip());
        assertEquals(3, snapshotCount());
    }

    @Test
    void takesAnExclusiveLockUnlessDryRunWithNoLock() throws Exception {
        threeDays();
        try (Repository r = open(); RepositoryLock held = RepositoryLock.acquire(r, false)) {
            CliRun.Result dry = cli.run("forget", "-n", "--keep-last", "1");
            assertEquals(ExitCode.LOCK_FAILED, dry.exitCode(), dry.err());
            assertEquals(ExitCode.LOCK_FAILED, cli.run("--no-lock", "forget", "--keep-last", "1").exitCode());
            CliRun.Result noLock = cli.run("--no-lock", "forget", "-n", "--keep-last", "1");
            assertEquals(0, noLock.exitCode(), noLock.err());
            assertTrue(noLock.out().contains("Would have removed the following snapshots:\n{"), noLock.out());
        }
        assertEquals(3, snapshotCount());
    }

    @Test
    void pruneRunsAfterTheRemovalAndLeavesACleanRepository() throws Exception {
        for (int day = 1; day <= 3; day++) { // three real backups of different random data
            CliRun.Result b = cli.run("backup", "--host", "h", "--time", "2024-05-0" + day + " 10:00:00",
                    "--stdin-filename", "p", "--stdin-from-command", "--", "head", "-c", "200000", "/dev/urandom");
            assertEquals(0, b.exitCode(), b.err());
        }
        long blobsBefore = cli.run("list", "blobs").out().lines().count();
        CliRun.Result r = cli.run("forget", "--prune", "--max-unused", "0", "--keep-last", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, snapshotCount());
        long blobsAfter = cli.run("list", "blobs").out().lines().count();
        assertTrue(blobsAfter < blobsBefore, "prune removed the data only the forgotten snapshots used: " + blobsBefore + " -> " + blobsAfter);
        CliRun.Result check = cli.run("check", "--read-data");
        assertEquals(0, check.exitCode(), check.out() + check.err());
    }

    @Test
    void badFlagValuesAreOneLineErrorsInResticsWords() throws Exception {
        CliRun.Result unit = cli.run("forget", "--keep-within", "5x");
        assertEquals(ExitCode.FAILURE, unit.exitCode());
        assertEquals("Fatal: invalid argument \"5x\" for \"--keep-within\" flag: invalid unit 'x' found after number 5", unit.err().strip());
        CliRun.Result unlimited = cli.run("forget", "--keep-last", "unlimited");
        assertEquals("Fatal: invalid argument \"unlimited\" for \"-l, --keep-last\" flag: strconv.ParseInt: parsing "
                + "\"unlimited\": invalid syntax", unlimited.err().strip());
        CliRun.Result group = cli.run("forget", "--keep-last", "1", "-g", "foo");
        assertEquals("Fatal: unknown grouping option: 'foo'", group.err().strip());
        CliRun.Result negative = cli.run("forget", "--latest-rules", "--keep-within", "-1d");
        assertEquals(ExitCode.FAILURE, negative.exitCode());
    }

    @Test
    void latestRulesTakeUnlimitedKeepTheOldestAndPrintIdsInReasons() throws Exception {
        snapshots(new String[][] {{"/p", "2024-05-01T10:00:00Z"}, {"/p", "2024-05-01T12:00:00Z"}, {"/p", "2024-05-02T10:00:00Z"}});
        CliRun.Result r = cli.run("--json", "forget", "-n", "--latest-rules", "--keep-daily", "unlimited");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"matches\":[\"oldest daily snapshot\"]"), r.out());
        assertTrue(r.out().contains("\"remove\":null"), r.out());
        assertFalse(r.out().contains("\"counters\""), r.out());
        assertTrue(r.out().contains("\"reasons\":[{\"snapshot\":{\"time\":\"2024-05-02T10:00:00Z\""), r.out());
        assertTrue(r.out().matches("(?s).*\"reasons\":\\[\\{\"snapshot\":\\{[^}]*\"short_id\":\"[0-9a-f]{8}\"\\}.*"), r.out());
        CliRun.Result old = cli.run("--json", "forget", "-n", "--keep-daily", "5");
        assertTrue(old.out().contains("\"counters\":{\"daily\":4}"), old.out());
        assertFalse(old.out().contains("oldest"), old.out());
    }
}
