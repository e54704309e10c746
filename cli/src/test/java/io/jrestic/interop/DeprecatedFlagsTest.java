package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags restic 0.14 deprecated but still takes, for scripts written for earlier versions: they work as in restic,
 * with the same warning.
 */
class DeprecatedFlagsTest {
    private static final String PASSWORD = "deprecated";

    @TempDir
    Path tmp;

    private static String hostname(CommandResult snapshotsJson, int index) {
        return (String) ((Map<?, ?>) Json.array(snapshotsJson.out()).get(index)).get("hostname");
    }

    @Test
    void hostnameLastAndCheckUnusedWorkWithResticsWarnings() throws IOException {
        Restic.assumeInstalled();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("f"), Fixtures.utf8("f"));
        Restic restic = new Restic(tmp.resolve("repo"), PASSWORD);
        restic.run("init").ok();
        Jrestic jrestic = new Jrestic(restic.repository(), PASSWORD);

        CommandResult theirs = restic.run("backup", "--hostname", "old-name", src.toString()).ok();
        CommandResult ours = jrestic.run("backup", "--hostname", "old-name", src.toString()).ok();
        String warning = "Flag --hostname has been deprecated, use --host";
        assertTrue(theirs.errLines().contains(warning), theirs::describe);
        assertTrue(ours.errLines().contains(warning), ours::describe);
        CommandResult listed = jrestic.run("snapshots", "--json").ok();
        assertEquals("old-name", hostname(listed, 0));
        assertEquals("old-name", hostname(listed, 1));

        // restic lets the later of the two win; which hosts a forget considers must not depend on the flags' order
        CommandResult both = jrestic.run("forget", "--host", "a", "--hostname", "b", "--keep-last", "1");
        assertEquals("Fatal: --host and --hostname select the same hosts, give only one", both.errLines().getLast());
        assertEquals(1, both.exitCode());

        for (String[] args : List.of(new String[] {"snapshots", "--last"}, new String[] {"check", "--check-unused"},
                new String[] {"forget", "--hostname", "old-name", "--keep-last", "5", "--dry-run"})) {
            CommandResult r = restic.run(args).ok();
            CommandResult j = jrestic.run(args).ok();
            assertEquals(r.errLines().getFirst(), j.errLines().getFirst(), j::describe);
            assertTrue(j.errLines().getFirst().startsWith("Flag --"), j::describe);
            if (args[0].equals("snapshots")) assertEquals(r.out(), j.out());
        }
    }

    @Test
    void copyWithRepo2CopiesFromTheRepositoryIntoRepo2AsRestic013Did() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("f"), Fixtures.utf8("to be copied"));
        Jrestic from = new Jrestic(tmp.resolve("from"), PASSWORD);
        from.run("init").ok();
        from.run("backup", src.toString()).ok();
        Jrestic to = new Jrestic(tmp.resolve("to"), "other password");
        to.run("init").ok();

        CommandResult copy = from.run("copy", "--repo2", to.repository().toString(), "--password-file2",
                Files.writeString(tmp.resolve("pw2"), "other password\n").toString());
        assertEquals(0, copy.exitCode(), copy::describe);
        assertEquals("Flag --repo2 has been deprecated, use --repo or --from-repo instead", copy.errLines().getFirst());
        assertEquals(1, Json.array(to.run("snapshots", "--json").ok().out()).size());

        CommandResult both = from.run("copy", "--repo2", to.repository().toString(), "--from-repo", "/elsewhere");
        assertEquals(List.of("Flag --repo2 has been deprecated, use --repo or --from-repo instead",
                "Fatal: Option groups repo2 and from-repo are mutually exclusive, please specify only one"), both.errLines());
    }
}
