package io.jrestic.migrate;

import java.util.List;
import java.util.Optional;

/** The migrations jrestic knows, in restic's order. */
public final class Migrations {
    private static final List<Migration> ALL = List.of(new UpgradeRepoV2());

    private Migrations() {
    }

    public static List<Migration> all() {
        return ALL;
    }

    public static Optional<Migration> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
