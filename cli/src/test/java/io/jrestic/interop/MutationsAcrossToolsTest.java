package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tool accepts what the other's mutating commands leave behind (issue 4): key changes made by jrestic are
 * honoured by stock restic, and jrestic's own {@code check --read-data} passes after restic's prune,
 * rebuild-index, key changes, migrate and copy.
 */
class MutationsAcrossToolsTest {
    private static final String PASSWORD = "mutation password";

    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void source() throws IOException {
        Restic.assumeInstalled();
        src = Files.createDirectory(tmp.resolve("src"));
        for (int i = 0; i < 4; i++) Fixtures.writeFile(src.resolve("f" + i), Fixtures.utf8("file " + i + " ".repeat(i * 1000)));
    }

    private Jrestic jresticCheckPasses(Path repo, String password) {
        Jrestic jrestic = new Jrestic(repo, password);
        CommandResult check = jrestic.run("check", "--read-data");
        assertEquals(0, check.exitCode(), check::describe);
        return jrestic;
    }

    @Test
    void keyChangesByJresticAreHonouredByRestic() throws IOException {
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        jrestic.run("backup", src.toString()).ok();
        Path second = Files.writeString(tmp.resolve("pw2"), "second password");
        Path third = Files.writeString(tmp.resolve("pw3"), "third password");

        jrestic.run("key", "add", "--new-password-file", second.toString(), "--user", "alice", "--host", "h2").ok();
        Restic restic2 = new Restic(jrestic.repository(), "second password");
        String keys = restic2.run("key", "list").ok().out();
        assertTrue(keys.contains("alice") && keys.contains("h2"), keys);

        // passwd through the second key: the second key file is replaced, the first still opens
        jrestic.withPassword("second password").run("key", "passwd", "--new-password-file", third.toString()).ok();
        assertNotEquals(0, restic2.run("snapshots").exitCode(), "the replaced key no longer opens the repository");
        Restic restic3 = new Restic(jrestic.repository(), "third password");
        restic3.run("check", "--read-data").ok();

        // removing the key in use is refused; removing another one works and restic agrees
        String firstKey = jrestic.run("key", "list", "--json").ok().out()
                .replaceAll("(?s).*\\{\"current\":true,\"id\":\"([0-9a-f]{64})\".*", "$1");
        CommandResult refused = jrestic.run("key", "remove", firstKey);
        assertEquals(1, refused.exitCode(), refused::describe);
        assertTrue(refused.err().contains("refusing to remove key currently used"), refused::describe);
        jrestic.withPassword("third password").run("key", "remove", firstKey).ok();
        assertNotEquals(0, new Restic(jrestic.repository(), PASSWORD).run("snapshots").exitCode());
        assertEquals(1, restic3.run("key", "list", "--json").ok().out().split("\"id\"").length - 1);
    }

    @Test
    void jresticCheckPassesAfterResticsMutations() throws IOException {
        Restic restic = new Restic(tmp.resolve("repo"), PASSWORD);
        restic.run("init", "--repository-version", "1").ok();
        restic.run("backup", src.toString()).ok();
        Fixtures.writeFile(src.resolve("f9"), Fixtures.utf8("later"));
        restic.run("backup", src.toString()).ok();
        jresticCheckPasses(restic.repository(), PASSWORD);

        restic.run("migrate", "upgrade_repo_v2").ok();
        jresticCheckPasses(restic.repository(), PASSWORD);

        restic.run("forget", "--keep-last", "1").ok();
        restic.run("prune", "--max-unused", "0").ok();
        jresticCheckPasses(restic.repository(), PASSWORD);

        restic.run("rebuild-index", "--read-all-packs").ok();
        jresticCheckPasses(restic.repository(), PASSWORD);

        Path pw2 = Files.writeString(tmp.resolve("pw2"), "restic second");
        restic.run("key", "add", "--new-password-file", pw2.toString()).ok();
        jresticCheckPasses(restic.repository(), "restic second");

        Restic copyTarget = new Restic(tmp.resolve("copy"), "copy password");
        copyTarget.run("init").ok();
        CommandResult copied = new ProcessRestic(copyTarget.repository(), "copy password", restic.repository(), PASSWORD).copy();
        assertEquals(0, copied.exitCode(), copied::describe);
        jresticCheckPasses(copyTarget.repository(), "copy password");
    }

    /** {@code restic copy} needs the source's password in RESTIC_FROM_PASSWORD. */
    private record ProcessRestic(Path target, String password, Path from, String fromPassword) {
        CommandResult copy() {
            return Restic.execute(List.of("restic", "-r", target.toString(), "--no-cache", "copy", "--from-repo",
                    from.toString()), java.util.Map.of("RESTIC_PASSWORD", password, "RESTIC_FROM_PASSWORD", fromPassword,
                    "PATH", System.getenv("PATH"), "TZ", "UTC", "HOME", System.getProperty("user.home")), null, null);
        }
    }
}
