package io.jrestic.walker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.MemoryBackend;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.snapshot.Snapshot;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeWalkerTest {
    @TempDir
    Path tmp;
    Repository repo;
    Id root;
    TreeWalker walker;

    @BeforeEach
    void backUpSample() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("b/deep"));
        Files.writeString(src.resolve("b/deep/x"), "x");
        Files.writeString(src.resolve("b/y"), "y");
        Files.writeString(src.resolve("a"), "a");
        Files.writeString(src.resolve("C"), "upper case sorts first");
        repo = SnapshotFixture.newRepository(new MemoryBackend());
        Snapshot s = SnapshotFixture.backup(repo, src);
        root = SnapshotFixture.treeOf(repo, s, src);
        walker = new TreeWalker(repo);
    }

    private List<String> walk(TreeWalker.Visitor filter) throws IOException {
        List<String> seen = new ArrayList<>();
        walker.walk(root, new byte[] {'/'}, new TreeWalker.Visitor() {
            @Override
            public TreeWalker.Action visit(byte[] path, Node node) throws IOException {
                seen.add(new String(path, StandardCharsets.UTF_8));
                return filter.visit(path, node);
            }

            @Override
            public void leave(byte[] path, Node dir) {
                seen.add("leave " + new String(path, StandardCharsets.UTF_8));
            }
        });
        return seen;
    }

    @Test
    void visitsDepthFirstInByteOrderAndLeavesDirectoriesAfterTheirContents() throws IOException {
        assertEquals(List.of("/C", "/a", "/b", "/b/deep", "/b/deep/x", "leave /b/deep", "/b/y", "leave /b"),
                walk((p, n) -> TreeWalker.Action.CONTINUE));
    }

    @Test
    void skippedSubtreesAreNeitherEnteredNorLeft() throws IOException {
        List<String> seen = walk((p, n) -> new String(p, StandardCharsets.UTF_8).equals("/b/deep")
                ? TreeWalker.Action.SKIP_SUBTREE : TreeWalker.Action.CONTINUE);
        assertEquals(List.of("/C", "/a", "/b", "/b/deep", "/b/y", "leave /b"), seen);
    }

    @Test
    void findsNodesByPathIgnoringExtraSlashes() throws IOException {
        Node x = walker.findNode(root, "//b/deep/x".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), x.name());
        assertEquals(NodeType.FILE, x.type());
        assertTrue(walker.findNode(root, "/b/nope".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(walker.findNode(root, "/a/below-a-file".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void resolvesSubfoldersToTheirTreesAndRejectsFilesAndMissingPaths() throws IOException {
        Id deep = walker.subtree(root, "b/deep/".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("x"), walker.loadTree(deep).nodes().stream().map(Node::nameAsString).toList());
        assertEquals(root, walker.subtree(root, "/".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NotDirectoryException.class, () -> walker.subtree(root, "/a".getBytes(StandardCharsets.UTF_8)));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> walker.subtree(root, "/zz".getBytes(StandardCharsets.UTF_8)));
        assertEquals("path \"/zz\" not found in snapshot", e.getReason());
    }

    @Test
    void joinsAndSplitsRawPaths() {
        assertArrayEquals("/a".getBytes(StandardCharsets.UTF_8), TreeWalker.join(new byte[] {'/'}, new byte[] {'a'}));
        assertArrayEquals("/x/a".getBytes(StandardCharsets.UTF_8), TreeWalker.join("/x".getBytes(StandardCharsets.UTF_8), new byte[] {'a'}));
        List<byte[]> parts = TreeWalker.components(new byte[] {'/', '.', '/', 'a', '/', '/', (byte) 0xfe, '/'});
        assertEquals(2, parts.size());
        assertArrayEquals(new byte[] {(byte) 0xfe}, parts.get(1));
    }
}
