package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.local.LocalBackend;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract with scripts written for restic: exit codes, one-line errors, password sources, JSON. */
class MainTest {
    @TempDir
    Path tmp;
    Path repo;
    CliRun cli;

    @BeforeEach
    void initRepository() throws Exception {
        repo = tmp.resolve("repo");
        cli = new CliRun().env("RESTIC_REPOSITORY", repo.toString()).env("RESTIC_PASSWORD", "secret");
        CliRun.Result init = cli.run("init");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().startsWith("created restic repository "), init.out());
        Files.writeString(tmp.resolve("src.txt"), "hello jrestic\n");
    }

    @Test
    void initRefusesAnExistingRepository() {
        CliRun.Result again = cli.run("init");
        assertEquals(ExitCode.FAILURE, again.exitCode());
        assertEquals(1, again.errLines().length, again.err());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void wrongPasswordExits12WithOneLine() {
        CliRun.Result r = new CliRun().env("RESTIC_PASSWORD", "wrong").run("-r", repo.toString(), "snapshots");
        assertEquals(ExitCode.WRONG_PASSWORD, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertEquals("Fatal: wrong password or no key found", r.errLines()[0]);
    }

    @Test
    void missingRepositoryExits10() {
        CliRun.Result r = new CliRun().env("RESTIC_PASSWORD", "x").run("-r", tmp.resolve("none").toString(), "snapshots");
        assertEquals(ExitCode.REPOSITORY_NOT_FOUND, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
    }

    @Test
    void missingLocationAndPasswordAreReportedNotThrown() {
        CliRun.Result noRepo = new CliRun().env("RESTIC_PASSWORD", "x").run("snapshots");
        assertEquals(ExitCode.FAILURE, noRepo.exitCode());
        assertEquals("Fatal: Please specify repository location (-r or --repository-file)", noRepo.err().strip());
        CliRun.Result noPassword = new CliRun().run("-r", repo.toString(), "snapshots");
        assertEquals(ExitCode.FAILURE, noPassword.exitCode());
        assertEquals(1, noPassword.errLines().length, noPassword.err());
    }

    @Test
    void aVerbosityLevelIsGivenAsVerboseEqualsNOrAsRepeatedV() {
        assertEquals(List.of("-v", "-v", "snapshots", "--", "--verbose=2"),
                List.of(Main.expandVerboseLevels(new String[] {"--verbose=2", "snapshots", "--", "--verbose=2"})));
        assertEquals(List.of("backup", "-v", "x"), List.of(Main.expandVerboseLevels(new String[] {"backup", "--verbose=1", "x"})));
        assertEquals(List.of("-v", "-v"), List.of(Main.expandVerboseLevels(new String[] {"--verbose=99999999999"})));
        assertEquals(List.of(), List.of(Main.expandVerboseLevels(new String[] {"--verbose=0"})));
        assertEquals(List.of("--verbose=x"), List.of(Main.expandVerboseLevels(new String[] {"--verbose=x"})));

        CliRun.Result counted = cli.run("-vv", "snapshots");
        CliRun.Result level = cli.run("--verbose=2", "snapshots");
        assertEquals(0, level.exitCode(), level.err());
        assertEquals(counted.out(), level.out());
        assertEquals(counted.err(), level.err());
    }

    @Test
    void passwordFromFileCommandAndRepositoryFile() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), "  secret\n");
        Path location = Files.writeString(tmp.resolve("loc"), repo + "\n");
        assertEquals(0, new CliRun().run("--repository-file", location.toString(), "-p", pw.toString(), "snapshots").exitCode());
        assertEquals(0, new CliRun().env("RESTIC_REPOSITORY", repo.toString())
                .env("RESTIC_PASSWORD_COMMAND", "echo secret").run("snapshots").exitCode());
        CliRun.Result both = new CliRun().env("RESTIC_REPOSITORY", repo.toString())
                .run("-p", pw.toString(), "--password-command", "echo secret", "snapshots");
        assertEquals(ExitCode.FAILURE, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void backupThenSnapshotsJsonListsIt() {
        CliRun.Result backup = cli.run("backup", "--json", "--tag", "a,b", "--host", "h1", tmp.resolve("src.txt").toString());
        assertEquals(0, backup.exitCode(), backup.err());
        String summary = backup.out().lines().filter(l -> l.contains("\"summary\"")).findFirst().orElseThrow();
        assertTrue(summary.contains("\"files_new\":1"), summary);
        String id = summary.replaceAll(".*\"snapshot_id\":\"([0-9a-f]{64})\".*", "$1");
        CliRun.Result list = cli.run("snapshots", "--json");
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().startsWith("[{\"time\":"), list.out());
        assertTrue(list.out().contains("\"hostname\":\"h1\""), list.out());
        assertTrue(list.out().contains("\"tags\":[\"a\",\"b\"]"), list.out());
        assertTrue(list.out().contains("\"id\":\"" + id + "\",\"short_id\":\"" + id.substring(0, 8) + "\""), list.out());
    }

    @Test
    void missingTargetsAreSkippedButAllMissingIsFatal() {
        CliRun.Result some = cli.run("backup", tmp.resolve("src.txt").toString(), tmp.resolve("gone").toString());
        assertEquals(0, some.exitCode(), some.err());
        assertTrue(some.err().contains("does not exist, skipping"), some.err());
        CliRun.Result none = cli.run("backup", tmp.resolve("gone").toString());
        assertEquals(ExitCode.FAILURE, none.exitCode());
        assertEquals("Fatal: all target directories/files do not exist", none.errLines()[none.errLines().length - 1]);
    }

    @Test
    void exclusiveLockHeldElsewhereMakesBackupExit11() throws Exception {
        try (Repository r = Repository.open(new LocalBackend(repo), "secret".getBytes(StandardCharsets.UTF_8), null,
                Repository.Settings.DEFAULT);
             RepositoryLock lock = RepositoryLock.acquire(r, true)) {
            CliRun.Result backup = cli.run("backup", tmp.resolve("src.txt").toString());
            assertEquals(ExitCode.LOCK_FAILED, backup.exitCode(), backup.err());
            assertTrue(backup.err().contains("repository is already locked exclusively"), backup.err());
            assertEquals(0, cli.run("--no-lock", "snapshots").exitCode());
        }
        assertEquals(0, cli.run("backup", tmp.resolve("src.txt").toString()).exitCode());
    }

    @Test
    void keyAddOpensWithTheNewPassword() throws Exception {
        Path pw2 = Files.writeString(tmp.resolve("pw2"), "second");
        assertEquals(0, cli.run("key", "add", "--new-password-file", pw2.toString()).exitCode());
        assertEquals(0, new CliRun().env("RESTIC_REPOSITORY", repo.toString()).run("-p", pw2.toString(), "snapshots").exitCode());
        CliRun.Result keys = cli.run("key", "list", "--json");
        assertEquals(2, keys.out().split("\"current\"").length - 1, keys.out());
    }

    @Test
    void catConfigAndListKeys() {
        CliRun.Result config = cli.run("cat", "config");
        assertEquals(0, config.exitCode(), config.err());
        assertTrue(config.out().startsWith("{\n  \"version\": 2,\n  \"id\": \""), config.out());
        CliRun.Result keys = cli.run("list", "keys");
        assertEquals(1, keys.out().strip().lines().count(), keys.out());
    }

    @Test
    void catTreePrintsTheRawTreeBlobOfASnapshotPath() throws Exception {
        assertEquals(0, cli.run("backup", tmp.resolve("src.txt").toString()).exitCode());
        String snapshotJson = cli.run("snapshots", "--json").out();
        String rootTree = snapshotJson.replaceAll("(?s).*\"tree\":\"([0-9a-f]{64})\".*", "$1");
        CliRun.Result root = cli.run("cat", "tree", "latest");
        assertEquals(0, root.exitCode(), root.err());
        assertEquals(rootTree, io.jrestic.id.Id.hash(root.out().getBytes(StandardCharsets.UTF_8)).toString());
        String first = tmp.toString().substring(1).split("/")[0];
        CliRun.Result sub = cli.run("cat", "tree", "latest:/" + first);
        assertEquals(0, sub.exitCode(), sub.err());
        assertTrue(sub.out().startsWith("{\"nodes\":["), sub.out());
    }

    @Test
    void unknownFlagIsAOneLineError() {
        CliRun.Result r = cli.run("snapshots", "--no-such-flag");
        assertEquals(ExitCode.FAILURE, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
    }
}
