package io.jrestic.restorer;

import io.jrestic.filter.PathFilter;
import io.jrestic.tree.Node;
import io.jrestic.tree.NodeType;

/**
 * Decides, for each node of the tree being restored, whether it is restored and whether the walk descends into it
 * (restic 0.14's {@code SelectFilter}). {@code location} is the node's path inside the restored tree, e.g.
 * {@code "/home/user/x"}: the path include and exclude patterns are matched against.
 */
@FunctionalInterface
public interface RestoreSelector {
    /** The decision for one node; {@code descend} only matters for directories. */
    record Selection(boolean selected, boolean descend) {
    }

    Selection select(String location, Node node);

    /** Everything. */
    static RestoreSelector all() {
        return (location, node) -> new Selection(true, node.type() == NodeType.DIR);
    }

    /**
     * {@code --exclude}/{@code --iexclude}: a node is restored unless a pattern matches it; the walk descends only
     * into restored directories (an excluded directory excludes everything below it).
     */
    static RestoreSelector excluding(PathFilter excludes, PathFilter iexcludes) {
        return (location, node) -> {
            boolean selected = !excludes.matches(location) && !iexcludes.matches(location);
            return new Selection(selected, selected && node.type() == NodeType.DIR);
        };
    }

    /**
     * {@code --include}/{@code --iinclude}: a node is restored if a pattern matches it; the walk descends into a
     * directory if a pattern might match something below it.
     */
    static RestoreSelector including(PathFilter includes, PathFilter iincludes) {
        return (location, node) -> {
            boolean selected = includes.matches(location) || iincludes.matches(location);
            boolean descend = (includes.childMayMatch(location) || iincludes.childMayMatch(location))
                    && node.type() == NodeType.DIR;
            return new Selection(selected, descend);
        };
    }

    /**
     * The selector restic's {@code restore} builds from its flags: excludes if any, else includes if any, else
     * everything.
     *
     * @throws IllegalArgumentException if both include and exclude patterns are given
     */
    static RestoreSelector of(PathFilter includes, PathFilter iincludes, PathFilter excludes, PathFilter iexcludes) {
        boolean anyExclude = !excludes.isEmpty() || !iexcludes.isEmpty();
        boolean anyInclude = !includes.isEmpty() || !iincludes.isEmpty();
        if (anyExclude && anyInclude) throw new IllegalArgumentException("exclude and include patterns are mutually exclusive");
        if (anyExclude) return excluding(excludes, iexcludes);
        if (anyInclude) return including(includes, iincludes);
        return all();
    }
}
