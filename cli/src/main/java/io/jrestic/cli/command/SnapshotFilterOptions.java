package io.jrestic.cli.command;

import io.jrestic.snapshot.SnapshotFilter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** restic's snapshot filter flags: --host, --tag, --path. */
public final class SnapshotFilterOptions {
    @Option(names = {"-H", "--host"}, paramLabel = "host", description = "only consider snapshots for this host (can be specified multiple times)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "tag[,tag,...]", description = "only consider snapshots including tag[,tag,...] (can be specified multiple times)")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", paramLabel = "path", description = "only consider snapshots including this (absolute) path (can be specified multiple times)")
    List<String> paths = new ArrayList<>();

    public SnapshotFilter filter() {
        List<List<String>> tagLists = new ArrayList<>();
        for (String t : tags) tagLists.add(SnapshotFilter.parseTagList(t));
        return new SnapshotFilter(hosts, tagLists, paths);
    }
}
