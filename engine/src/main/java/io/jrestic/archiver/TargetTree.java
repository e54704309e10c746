package io.jrestic.archiver;

import io.jrestic.filter.PathFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of a snapshot's root tree for a set of backup targets (§10.8), built as restic builds it: each
 * cleaned target becomes nested directory levels (relative targets as if under the root, leading {@code ..}
 * dropped), the last component being the target itself. A target that is only {@code .}/{@code ..}/{@code /}
 * contributes its entries; repeated targets count once. Top-level entries from different root directories
 * ({@code /}, {@code .}, {@code ..}, …) never merge: a later one with a taken name becomes {@code name-1},
 * {@code name-2}, … Below the top level, equal names merge; a target that is also the parent of another target
 * is expanded into its entries.
 *
 * @param target the path to back up at this level, or null for an intermediate directory
 * @param path   the real path of an intermediate directory (whose metadata its node records)
 */
record TargetTree(String target, String path, Map<String, TargetTree> children) {

    /** A level while the tree is being built; {@code root} is only used at the top level. */
    private static final class Level {
        String target;
        String path;
        String root;
        final Map<String, Level> children = new TreeMap<>();

        TargetTree freeze() {
            Map<String, TargetTree> frozen = new TreeMap<>();
            children.forEach((name, child) -> frozen.put(name, child.freeze()));
            return new TargetTree(target, path, frozen);
        }
    }

    static TargetTree of(List<String> targets) {
        Level top = new Level();
        top.path = "/";
        Set<String> seen = new HashSet<>();
        for (String t : expandDirectoryOnlyTargets(targets)) {
            if (seen.add(t)) add(top, t);
        }
        for (Level child : top.children.values()) unroll(child);
        return top.freeze();
    }

    /** restic replaces a target made only of {@code .}, {@code ..} or {@code /} by the entries of that directory. */
    private static List<String> expandDirectoryOnlyTargets(List<String> targets) {
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            String clean = PathFilter.cleanPath(t);
            if (!components(clean).isEmpty()) {
                out.add(clean);
                continue;
            }
            for (String entry : SourceFiles.listNames(clean)) out.add(join(clean, entry));
        }
        return out;
    }

    private static void add(Level top, String clean) {
        List<String> parts = components(clean);
        String root = rootDirectory(clean);
        String name = parts.getFirst();
        Level level = null;
        for (int i = 1; ; i++) {
            Level other = top.children.get(name);
            if (other == null) break;
            if (other.root.equals(root)) {
                level = other;
                break;
            }
            name = parts.getFirst() + "-" + i;
        }
        if (level == null) {
            level = new Level();
            level.root = root;
            top.children.put(name, level);
        }
        String real = join(root, parts.getFirst());
        for (int i = 1; i < parts.size(); i++) {
            if (level.path == null) level.path = real;
            real = join(real, parts.get(i));
            level = level.children.computeIfAbsent(parts.get(i), k -> new Level());
        }
        level.target = clean;
    }

    /** A level that is a target and also holds other targets: restic backs up its entries one by one instead. */
    private static void unroll(Level level) {
        if (level.target != null && !level.children.isEmpty()) {
            for (String entry : SourceFiles.listNames(level.target)) {
                String entryPath = join(level.target, entry);
                Level child = level.children.get(entry);
                if (child == null) {
                    child = new Level();
                    level.children.put(entry, child);
                }
                if (child.target == null) child.target = entryPath; // an intermediate level is now wholly included
            }
            level.path = level.target;
            level.target = null;
        }
        for (Level child : level.children.values()) unroll(child);
    }

    /** The directory holding the first component: "/" for absolute targets, "." or "../.." for relative ones. */
    private static String rootDirectory(String clean) {
        if (clean.startsWith("/")) return "/";
        String rel = ".";
        for (String p : clean.split("/")) {
            if (p.equals("..")) rel = rel.equals(".") ? ".." : rel + "/..";
        }
        return rel;
    }

    /** The components of a cleaned path without the root and without leading "..". */
    private static List<String> components(String clean) {
        List<String> parts = new ArrayList<>();
        for (String p : clean.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..") && parts.isEmpty()) continue;
            parts.add(p);
        }
        return parts;
    }

    /** Go's filepath.Join for a directory and one name: "." disappears, "/" is not doubled. */
    private static String join(String dir, String name) {
        if (dir.equals(".")) return name;
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
