package io.jrestic.checker;

/** How bad a finding is: an error makes the check fail; a hint names something harmless worth tidying up. */
public enum Severity {
    ERROR,
    HINT
}
