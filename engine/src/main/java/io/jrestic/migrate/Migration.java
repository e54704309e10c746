package io.jrestic.migrate;

import io.jrestic.repository.Repository;
import java.io.IOException;
import java.util.Optional;

/** One migration: whether it applies to a repository, and applying it (under an exclusive lock). */
public interface Migration {
    /** The name {@code migrate} accepts, e.g. {@code upgrade_repo_v2}. */
    String name();

    /** One line for the list of available migrations. */
    String description();

    /** Why the migration cannot be applied to {@code repo}, or empty if it can. */
    Optional<String> reasonNotApplicable(Repository repo) throws IOException;

    /** True if the repository must pass {@code check} before the migration runs (restic's RepoCheck). */
    boolean needsRepositoryCheck();

    void apply(Repository repo) throws IOException;
}
