package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.testkit.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recover finds the trees a lost snapshot file left unreachable, as stock restic's recover does. */
class RecoverTest {
    private static final String PASSWORD = "recover";

    @TempDir
    Path tmp;

    @Test
    void theTreesOfALostSnapshotComeBackUnderRecover() throws IOException {
        Restic.assumeInstalled();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Fixtures.writeFile(src.resolve("kept"), Fixtures.utf8("in both snapshots"));
        Restic restic = new Restic(tmp.resolve("repo"), PASSWORD);
        restic.run("init").ok();
        restic.run("backup", src.toString()).ok();
        Fixtures.writeFile(src.resolve("only-in-the-lost-one"), Fixtures.utf8("lost"));
        restic.run("backup", src.toString()).ok();
        String lost = restic.run("list", "snapshots").ok().outLines().stream()
                .filter(id -> restic.run("ls", id).ok().out().contains("only-in-the-lost-one")).findFirst().orElseThrow();
        Files.delete(restic.repository().resolve("snapshots").resolve(lost));
        Path copy = tmp.resolve("copy");
        DirectoryTrees.copy(restic.repository(), copy);
        Restic theirs = new Restic(copy, PASSWORD);

        CommandResult resticRecover = theirs.run("recover").ok();
        CommandResult ours = new Jrestic(restic.repository(), PASSWORD).run("recover").ok();

        String found = resticRecover.outLines().stream().filter(l -> l.startsWith("found ")).findFirst().orElseThrow();
        assertTrue(ours.outLines().contains(found), ours::describe);
        assertTrue(ours.out().contains("saved new snapshot "), ours::describe);
        assertEquals(theirs.listingOfLatest(), restic.listingOfLatest());
        assertTrue(restic.listingOfLatest().stream().anyMatch(l -> l.endsWith("/only-in-the-lost-one")));
        Map<?, ?> recovered = (Map<?, ?>) Json.array(restic.run("snapshots", "--json", "latest").ok().out()).getFirst();
        assertEquals(List.of("/recover"), recovered.get("paths"));
        assertEquals(List.of("recovered"), recovered.get("tags"));
        restic.run("check", "--read-data").ok();

        CommandResult again = new Jrestic(restic.repository(), PASSWORD).run("recover", "--json").ok();
        CommandResult resticAgain = restic.run("recover", "--json").ok();
        // no JSON: both print their text on stdout (restic's also has a progress line)
        assertTrue(again.outLines().contains("found 0 unreferenced roots"), again::describe);
        assertTrue(resticAgain.outLines().contains("found 0 unreferenced roots"), resticAgain::describe);
        assertTrue(again.outLines().contains("load index files") && resticAgain.outLines().contains("load index files"));
    }
}
