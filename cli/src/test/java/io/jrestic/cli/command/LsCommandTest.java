package io.jrestic.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestic.backend.local.LocalBackend;
import io.jrestic.lock.RepositoryLock;
import io.jrestic.repository.Repository;
import io.jrestic.testkit.StockRestic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsCommandTest {
    @TempDir
    Path tmp;
    Path src;
    Path repo;

    @BeforeEach
    void backUp() throws IOException, InterruptedException {
        src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Files.createDirectories(src.resolve("sub/deeper"));
        Files.writeString(src.resolve("sub/b <&> \"q\".txt"), "b\n");
        Files.writeString(src.resolve("sub/deeper/c"), "c\n");
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
        Files.createLink(src.resolve("hard"), src.resolve("a.txt"));
        new ProcessBuilder("mkfifo", src.resolve("fifo").toString()).start().waitFor();
        repo = CliRun.repositoryWithBackupOf(tmp, src);
    }

    private List<String> lines(CliRun.Result r) {
        assertEquals(0, r.code(), r.err());
        return r.text().lines().toList();
    }

    @Test
    void listsEverythingInTreeOrder() {
        List<String> out = lines(CliRun.jrestic(repo, "ls", "latest"));
        assertEquals("snapshot ", out.getFirst().substring(0, 9));
        assertEquals(List.of(src + "/a.txt", src + "/fifo", src + "/hard", src + "/link", src + "/sub",
                src + "/sub/b <&> \"q\".txt", src + "/sub/deeper", src + "/sub/deeper/c"),
                out.stream().filter(l -> l.startsWith(src.toString() + "/")).toList());
    }

    @Test
    void readsWithoutALockAsRestic014DoesSoAnExclusiveLockDoesNotStopIt() throws IOException {
        try (Repository r = Repository.open(new LocalBackend(repo), CliRun.PASSWORD.getBytes(StandardCharsets.UTF_8),
                null, Repository.Settings.DEFAULT);
             RepositoryLock exclusive = RepositoryLock.acquire(r, true)) {
            assertEquals(src + "/a.txt", lines(CliRun.jrestic(repo, "-q", "ls", "latest", src + "/a.txt")).getFirst());
            assertEquals(1, RepositoryLock.list(r).size(), "ls left no lock of its own");
        }
    }

    @Test
    void directoryArgumentsListTheDirectoryAndItsChildrenOrEverythingBelowWithRecursive() {
        assertEquals(List.of(src + "/sub", src + "/sub/b <&> \"q\".txt", src + "/sub/deeper"),
                lines(CliRun.jrestic(repo, "-q", "ls", "latest", src + "/sub")));
        assertEquals(List.of(src + "/sub", src + "/sub/b <&> \"q\".txt", src + "/sub/deeper", src + "/sub/deeper/c"),
                lines(CliRun.jrestic(repo, "-q", "ls", "--recursive", "latest", src + "/sub/")));
        CliRun.Result relative = CliRun.jrestic(repo, "ls", "latest", "sub");
        assertEquals(1, relative.code());
        assertEquals("Fatal: All path filters must be absolute, starting with a forward slash '/'\n", relative.err());
    }

    @Test
    void outputEqualsStockResticsOnTheSameRepository() throws IOException, InterruptedException {
        Assumptions.assumeTrue(StockRestic.installed(), "restic is not on PATH");
        for (List<String> args : List.of(List.of("ls", "--json", "latest"), List.of("ls", "latest"),
                List.of("ls", "-l", "latest"), List.of("ls", "latest", src + "/sub", src + "/link"),
                List.of("ls", "--json", "--recursive", "latest", src + "/sub"))) {
            CliRun.Result theirs = CliRun.restic(repo, args.toArray(String[]::new));
            assertEquals(0, theirs.code(), theirs.err());
            CliRun.Result ours = CliRun.jrestic(repo, args.toArray(String[]::new));
            assertEquals(theirs.text(), ours.text(), String.join(" ", args));
        }
    }
}
