package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.key.KdfParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: each program opens repositories and keys the other created; a wrong password is one line, exit 12. */
class KeyInteropTest {
    private static final String PASSWORD = "first password";
    private static final String NEW_PASSWORD = "second password, added by restic";

    @TempDir
    Path tmp;

    @Test
    void resticOpensAJresticRepositoryAndJresticOpensResticsNewKey() throws IOException {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        Restic restic = new Restic(jrestic.repository(), PASSWORD);
        jrestic.run("init").ok();
        Path src = Files.createDirectory(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("a"), Fixtures.utf8("a"));
        jrestic.run("backup", src.toString()).ok();

        assertEquals(1, restic.run("list", "snapshots").ok().outLines().size());
        addKeyWithRestic(restic);

        Jrestic withNewPassword = jrestic.withPassword(NEW_PASSWORD);
        assertEquals(restic.run("list", "snapshots").ok().out(), withNewPassword.run("list", "snapshots").ok().out());
        assertEquals(2, withNewPassword.run("list", "keys").ok().outLines().size());
        jrestic.run("list", "snapshots").ok();
    }

    /**
     * init and key add make their keys with {@link KdfParams#forNewKey()} (restic's calibration, unless fixed as
     * here, where other parameters than the test suites' show that both commands take them), and restic opens both.
     */
    @Test
    void newKeysHaveTheParametersChosenForNewKeys() throws IOException {
        Restic.assumeInstalled();
        String fixed = System.getProperty(KdfParams.NEW_KEY_PROPERTY);
        System.setProperty(KdfParams.NEW_KEY_PROPERTY, "16384,8,2");
        try {
            Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
            jrestic.run("init").ok();
            Path newPassword = Files.writeString(tmp.resolve("new-password"), NEW_PASSWORD);
            jrestic.run("key", "add", "--new-password-file", newPassword.toString()).ok();
            List<Path> keys;
            try (var listing = Files.list(jrestic.repository().resolve("keys"))) {
                keys = listing.toList();
            }
            assertEquals(2, keys.size());
            for (Path key : keys) {
                java.util.Map<String, Object> k = Json.object(Files.readString(key));
                assertEquals("scrypt", k.get("kdf"));
                assertEquals(List.of(16384L, 8L, 2L), java.util.stream.Stream.of("N", "r", "p")
                        .map(name -> ((Number) k.get(name)).longValue()).toList(), key::toString);
            }
            Restic restic = new Restic(jrestic.repository(), PASSWORD);
            restic.run("cat", "config").ok();
            restic.withPassword(NEW_PASSWORD).run("cat", "config").ok();
        } finally {
            if (fixed != null) System.setProperty(KdfParams.NEW_KEY_PROPERTY, fixed);
            else System.clearProperty(KdfParams.NEW_KEY_PROPERTY);
        }
    }

    @Test
    void jresticOpensAResticRepositoryWithEitherKey() throws IOException {
        Restic.assumeInstalled();
        Restic restic = new Restic(tmp.resolve("repo"), PASSWORD);
        Jrestic jrestic = new Jrestic(restic.repository(), PASSWORD);
        restic.run("init", "--repository-version", "1").ok();
        assertEquals(Json.object(restic.run("cat", "config").ok().out()), Json.object(jrestic.run("cat", "config").ok().out()));
        addKeyWithRestic(restic);
        assertEquals(Json.object(restic.run("cat", "config").ok().out()),
                Json.object(jrestic.withPassword(NEW_PASSWORD).run("cat", "config").ok().out()));
    }

    @Test
    void wrongPasswordIsOneLineAndExit12() throws IOException {
        Restic.assumeInstalled();
        Jrestic jrestic = new Jrestic(tmp.resolve("repo"), PASSWORD);
        jrestic.run("init").ok();
        for (String command : List.of("snapshots", "backup")) {
            String[] args = command.equals("backup") ? new String[] {"backup", tmp.toString()} : new String[] {command};
            CommandResult r = jrestic.withPassword("not the password").runProcess(null, args);
            assertEquals(12, r.exitCode(), r::describe);
            assertEquals(1, r.errLines().size(), r::describe);
            assertTrue(r.err().startsWith("Fatal: ") && r.err().contains("wrong password"), r::describe);
            assertFalse(r.err().contains("Exception"), r::describe);
        }
    }

    private void addKeyWithRestic(Restic restic) throws IOException {
        Path file = tmp.resolve("new-password");
        Files.writeString(file, NEW_PASSWORD + "\n");
        restic.run("key", "add", "--new-password-file", file.toString()).ok();
        assertEquals(2, restic.run("list", "keys").ok().outLines().size());
    }
}
