package io.jrestic.archiver;

import io.jrestic.filter.PathFilter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a snapshot's root tree for a set of backup targets (§10.8): each target's cleaned path becomes
 * nested directory levels (relative targets as if under the root, leading {@code ..} dropped), the last
 * component being the target itself. A target that is only {@code .} or {@code /} contributes its entries.
 *
 * @param target the path to back up at this level, or null for an intermediate directory
 * @param path   the real path of an intermediate directory (whose metadata its node records)
 */
record TargetTree(String target, String path, Map<String, TargetTree> children) {

    static TargetTree of(List<String> targets) {
        TargetTree root = new TargetTree(null, "/", new TreeMap<>());
        for (String t : targets) {
            String clean = PathFilter.cleanPath(t);
            List<String> parts = components(clean);
            if (parts.isEmpty()) {
                for (String entry : SourceFiles.listNames(clean)) {
                    root.addLeaf(entry, clean.endsWith("/") ? clean + entry : clean + "/" + entry);
                }
                continue;
            }
            TargetTree level = root;
            StringBuilder real = new StringBuilder(clean.startsWith("/") ? "" : prefixDots(clean));
            for (int i = 0; i < parts.size() - 1; i++) {
                if (!real.isEmpty() || clean.startsWith("/")) real.append('/');
                real.append(parts.get(i));
                String realPath = real.toString();
                level = level.children.computeIfAbsent(parts.get(i), k -> new TargetTree(null, realPath, new TreeMap<>()));
            }
            level.addLeaf(parts.getLast(), clean);
        }
        return root;
    }

    private void addLeaf(String name, String target) {
        String unique = name;
        for (int i = 1; children.containsKey(unique); i++) unique = name + "-" + i;
        children.put(unique, new TargetTree(target, null, new TreeMap<>()));
    }

    /** The components of a cleaned path without the root and without leading "..". */
    private static List<String> components(String clean) {
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        for (String p : clean.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..") && parts.isEmpty()) continue;
            parts.add(p);
        }
        return parts;
    }

    /** The leading "../../" of a relative path, to find intermediate directories on disk. */
    private static String prefixDots(String clean) {
        StringBuilder sb = new StringBuilder();
        String rest = clean;
        while (rest.startsWith("../") || rest.equals("..")) {
            if (!sb.isEmpty()) sb.append('/');
            sb.append("..");
            rest = rest.length() > 2 ? rest.substring(3) : "";
        }
        return sb.toString();
    }
}
