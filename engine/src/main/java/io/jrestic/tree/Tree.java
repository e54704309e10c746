package io.jrestic.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The contents of one directory: its nodes in ascending unsigned order of their raw names, each name once
 * (restic-format §10.1). The constructor enforces the order; {@link #sorted(Collection)} establishes it.
 */
public record Tree(List<Node> nodes) {
    public static final Tree EMPTY = new Tree(List.of());

    /** @throws IllegalArgumentException if the nodes are not sorted by raw name or a name repeats */
    public Tree {
        nodes = List.copyOf(nodes);
        for (int i = 1; i < nodes.size(); i++) {
            int cmp = Node.NAME_ORDER.compare(nodes.get(i - 1), nodes.get(i));
            if (cmp >= 0) {
                throw new IllegalArgumentException((cmp == 0 ? "duplicate node name \"" : "unsorted node name \"")
                        + GoQuote.quote(nodes.get(i).name()) + "\" at index " + i + " of tree");
            }
        }
    }

    public static Tree of(Node... nodes) {
        return new Tree(List.of(nodes));
    }

    /** The nodes sorted by raw name; a repeated name is still rejected. */
    public static Tree sorted(Collection<Node> nodes) {
        List<Node> list = new ArrayList<>(nodes);
        list.sort(Node.NAME_ORDER);
        return new Tree(list);
    }

    /** The node named {@code rawName}, found by binary search. */
    public Optional<Node> find(byte[] rawName) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Arrays.compareUnsigned(nodes.get(mid).name(), rawName);
            if (cmp == 0) return Optional.of(nodes.get(mid));
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return Optional.empty();
    }

    public int size() {
        return nodes.size();
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }
}
