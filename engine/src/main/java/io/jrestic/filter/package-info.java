/**
 * restic's include/exclude patterns ({@code --exclude}, {@code --iexclude}, {@code --exclude-file},
 * restore's {@code --include}/{@code --exclude}): Go globs per path component, {@code **}, anchoring and negation.
 */
package io.jrestic.filter;
