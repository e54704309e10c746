package io.jrestic.archiver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a backup leaves out: exclude patterns, files larger than a limit, directories holding a tag file
 * (backed up with only the tag file, as restic does), and with --one-file-system other file systems (mount points
 * are kept as empty directories).
 */
final class Selector {
    private final BackupOptions options;
    private final SourceFiles fs;
    private final List<TagFile> tagFiles = new ArrayList<>();
    private final Set<Long> allowedDevices = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Boolean> taggedDirs = new ConcurrentHashMap<>();

    private record TagFile(String name, byte[] header) {
    }

    Selector(BackupOptions options, SourceFiles fs) {
        this.options = options;
        this.fs = fs;
        for (String spec : options.excludeIfPresent()) tagFiles.add(tagFile(spec));
    }

    /**
     * An {@code --exclude-if-present} spec, {@code NAME[:HEADER]}, with restic's messages for a spec without a name.
     *
     * @throws IllegalArgumentException if the spec names no file
     */
    static TagFile tagFile(String spec) {
        if (spec.isEmpty()) throw new IllegalArgumentException("name for exclusion tagfile is empty");
        int colon = spec.indexOf(':');
        if (colon == 0) throw new IllegalArgumentException("no name for exclusion tagfile provided");
        String name = colon < 0 ? spec : spec.substring(0, colon);
        byte[] header = colon < 0 ? new byte[0] : spec.substring(colon + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new TagFile(name, header);
    }

    /** Excluded by a pattern on its absolute path. */
    boolean excludedByName(String absPath) {
        return options.excludes().matches(absPath) || options.iexcludes().matches(absPath);
    }

    /** Excluded by what lstat tells: size limit, or another file system for a non-directory. */
    boolean excludedByItem(String absPath, SourceFiles.Item item) {
        if (options.excludeLargerThan() > 0 && item.node().type() == io.jrestic.tree.NodeType.FILE
                && item.node().size() > options.excludeLargerThan()) {
            return true;
        }
        return options.oneFileSystem() && !allowedDevices.isEmpty() && !allowedDevices.contains(item.node().deviceId())
                && item.node().type() != io.jrestic.tree.NodeType.DIR;
    }

    /** Records a target's device for --one-file-system. */
    void allowDevice(long device) {
        allowedDevices.add(device);
    }

    /** A directory on another file system than every target: kept, but empty. */
    boolean otherDevice(SourceFiles.Item dir) {
        return options.oneFileSystem() && !allowedDevices.isEmpty() && !allowedDevices.contains(dir.node().deviceId());
    }

    /** The name of the tag file that excludes this directory's contents, or null if none does. */
    String tagFileIn(byte[] dir) {
        for (TagFile t : tagFiles) {
            byte[] path = SourceFiles.join(dir, t.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String key = new String(path, java.nio.charset.StandardCharsets.ISO_8859_1);
            boolean tagged = taggedDirs.computeIfAbsent(key, k -> hasTag(path, t.header()));
            if (tagged) return t.name();
        }
        return null;
    }

    private boolean hasTag(byte[] path, byte[] header) {
        try {
            byte[] start = fs.readPrefix(path, header.length);
            return start != null && Arrays.equals(start, header);
        } catch (IOException e) {
            return false;
        }
    }
}
