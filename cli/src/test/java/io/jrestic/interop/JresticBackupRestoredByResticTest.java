package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A jrestic backup of every node type is a repository stock restic checks and restores to an identical tree. */
class JresticBackupRestoredByResticTest {
    private static final String PASSWORD = "interop-secret";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "repository version {0}")
    @ValueSource(strings = {"1", "2"})
    void resticChecksAndRestoresAJresticBackup(String version) throws IOException {
        Restic.assumeInstalled();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.fullTree(src);
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        Restic restic = new Restic(jrestic.repository(), PASSWORD);

        jrestic.run("init", "--repository-version", version).ok();
        CommandResult backup = jrestic.run("backup", src.toString());
        assertEquals(0, backup.exitCode(), backup::describe);

        CommandResult check = restic.run("check", "--read-data").ok();
        assertTrue(check.out().contains("no errors were found"), check::describe);
        assertTrue(restic.run("cat", "config").ok().out().contains("\"version\": " + version));

        Path target = tmp.resolve("restored");
        restic.run("restore", "latest", "--target", target.toString()).ok();
        List<String> diffs = TreeComparison.differences(Fixtures.raw(src), Fixtures.raw(Path.of(target + src.toString())),
                TreeComparison.Options.ALL.skipping(Fixtures.NOT_RESTORED).withUtf8LinkTargets());
        assertEquals(List.of(), diffs, () -> String.join("\n", diffs));
    }
}
