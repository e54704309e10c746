/**
 * Repository migrations (restic's {@code migrate}): named, checked upgrades of a repository's format. The only one
 * restic 0.14 has is {@link io.jrestic.migrate.UpgradeRepoV2}, which turns a version 1 repository into version 2
 * (compression) by rewriting the config file.
 */
package io.jrestic.migrate;
