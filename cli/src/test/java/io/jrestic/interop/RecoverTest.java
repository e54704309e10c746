package io.jrestic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recover finds the trees a lost snapshot file left unreachable, as stock restic's recover does. */
class RecoverTest {
    private static final String PASSWORD = "recover";

    @TempDir
    Path tmp;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static List<String> listingOfLatest(Restic restic) {
        List<String> lines = restic.run("ls", "latest").ok().outLines();
        return lines.subList(1, lines.size()); // the first line names the snapshot
    }

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
        copyTree(restic.repository(), copy);
        Restic theirs = new Restic(copy, PASSWORD);

        CommandResult resticRecover = theirs.run("recover").ok();
        CommandResult ours = new Jrestic(restic.repository(), PASSWORD).run("recover").ok();

        String found = resticRecover.outLines().stream().filter(l -> l.startsWith("found ")).findFirst().orElseThrow();
        assertTrue(ours.outLines().contains(found), ours::describe);
        assertTrue(ours.out().contains("saved new snapshot "), ours::describe);
        assertEquals(listingOfLatest(theirs), listingOfLatest(restic));
        assertTrue(listingOfLatest(restic).stream().anyMatch(l -> l.endsWith("/only-in-the-lost-one")));
        Map<?, ?> recovered = (Map<?, ?>) Json.array(restic.run("snapshots", "--json", "latest").ok().out()).getFirst();
        assertEquals(List.of("/recover"), recovered.get("paths"));
        assertEquals(List.of("recovered"), recovered.get("tags"));
        restic.run("check", "--read-data").ok();

        CommandResult again = new Jrestic(restic.repository(), PASSWORD).run("recover").ok();
        assertTrue(again.outLines().contains("found 0 unreferenced roots"), again::describe);
    }
}
