package io.jrestic.cli.command;

/** The warning restic's flag library (pflag) prints when a deprecated flag is given, for the flags it still takes. */
final class DeprecatedFlags {
    private DeprecatedFlags() {
    }

    static void warn(io.jrestic.cli.Printer printer, String flag, String advice) {
        printer.warn("Flag --" + flag + " has been deprecated, " + advice);
    }
}
