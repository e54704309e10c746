package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Main gives picocli only the command the arguments name, skipping the global options and their values before
 * it; without a recognisable command it gives every command, so help and picocli's errors are as before.
 */
class CommandSelectionTest {
    @Test
    void findsTheCommandAfterGlobalOptionsAndTheirValues() {
        assertEquals("snapshots", Main.commandName(new String[] {"snapshots", "-q"}));
        assertEquals("snapshots", Main.commandName(new String[] {"-r", "backup", "snapshots"}));
        assertEquals("ls", Main.commandName(new String[] {"--repo", "init", "-q", "ls", "latest"}));
        assertEquals("ls", Main.commandName(new String[] {"--repo=init", "ls"}));
        assertEquals("check", Main.commandName(new String[] {"-qr", "prune", "check"}));
        assertEquals("check", Main.commandName(new String[] {"-rprune", "check"}));
        assertEquals("check", Main.commandName(new String[] {"-o", "s3.x=y", "--cache-dir", "diff", "-vv", "check"}));
        assertEquals("rebuild-index", Main.commandName(new String[] {"rebuild-index"}));
    }

    @Test
    void everyGlobalOptionThatTakesAValueIsKnownToTheSelection() {
        for (CommandLine.Model.OptionSpec o : CommandLine.Model.CommandSpec.forAnnotatedObject(new Main()).options()) {
            if (o.arity().min() < 1) continue; // flags, and --verbose whose level is only ever written --verbose=n
            for (String name : o.names()) {
                assertTrue(Main.GLOBAL_OPTIONS_WITH_VALUE.contains(name), name + " takes a value: Main must skip it");
            }
        }
    }

    /**
     * The launcher finds the command as Main does, to choose the JIT for it, so it must skip the same option values
     * (its list is in shell; an option missing there makes it take the option's value for the command).
     */
    @Test
    void theLauncherSkipsTheSameOptionValuesAsMain() throws java.io.IOException {
        String script = java.nio.file.Files.readString(java.nio.file.Path.of("..", "jrestic"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("case \\$arg in\\s+([^)]*)\\) skip_value=true").matcher(script);
        assertTrue(m.find(), "the launcher's list of options with a value");
        java.util.Set<String> launcher = new java.util.TreeSet<>();
        for (String name : m.group(1).replace("\\", "").split("[|\\s]+")) if (!name.isBlank()) launcher.add(name);
        assertEquals(new java.util.TreeSet<>(Main.GLOBAL_OPTIONS_WITH_VALUE), launcher);
    }

    @Test
    void noCommandWhenNoneIsNamed() {
        assertNull(Main.commandName(new String[] {}));
        assertNull(Main.commandName(new String[] {"--help"}));
        assertNull(Main.commandName(new String[] {"-r", "snapshots"}));
        assertNull(Main.commandName(new String[] {"snapshot"}));
        assertNull(Main.commandName(new String[] {"--", "snapshots"}));
    }

    @Test
    void helpStillListsEveryCommandAndAnUnknownCommandIsRefused() {
        CliRun.Result help = new CliRun().run("--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String name : new String[] {"init", "backup", "snapshots", "rebuild-index", "version"}) {
            assertTrue(help.out().contains("\n  " + name + " ") || help.out().contains("\n  " + name + "\n"), help.out());
        }
        CliRun.Result unknown = new CliRun().run("snapshot");
        assertEquals(ExitCode.FAILURE, unknown.exitCode());
    }

    @Test
    void helpWithACommandPrintsThatCommandsUsageAsResticsHelpCommandDoes() {
        CliRun.Result r = new CliRun().run("help", "backup");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("--exclude"), r.out());
        assertTrue(r.out().startsWith("Usage: jrestic backup"), r.out());
        CliRun.Result unknown = new CliRun().run("help", "nope");
        assertEquals(0, unknown.exitCode());
        assertEquals("", unknown.out(), "cobra writes an unknown topic's complaint and the usage to stderr");
        assertTrue(unknown.err().startsWith("Unknown help topic [`nope`]\n"), unknown.err());
        CliRun.Result all = new CliRun().run("help");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("\n  snapshots "), all.out());
    }

    @Test
    void anUnknownCommandIsNamedWithCobrasSuggestions() {
        CliRun.Result typo = new CliRun().run("-q", "snapshot");
        assertEquals(ExitCode.FAILURE, typo.exitCode());
        assertEquals("unknown command \"snapshot\" for \"jrestic\"\n\nDid you mean this?\n\tsnapshots\n\n", typo.err());
        assertEquals("unknown command \"frobnicate\" for \"jrestic\"\n", new CliRun().run("frobnicate").err());
        assertEquals("Fatal: jrestic has no mount command (restic's FUSE view of the snapshots): browse them with ls,"
                + " find and dump, or restore them\n", new CliRun().run("mount", "/mnt").err());
        CliRun.Result option = new CliRun().run("--frobnicate", "x", "snapshots");
        assertTrue(option.err().startsWith("Fatal: Unknown option"), option.err());
    }

    @Test
    void globalOptionsAfterTheCommandStillApply() {
        CliRun.Result r = new CliRun().env("RESTIC_PASSWORD", "x").run("snapshots", "-r", "/nonexistent/jrestic-repo");
        assertEquals(ExitCode.REPOSITORY_NOT_FOUND, r.exitCode(), r.err());
    }
}
