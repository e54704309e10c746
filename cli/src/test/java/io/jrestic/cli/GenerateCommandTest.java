package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.testkit.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate writes shell completion as restic's does, for bash and zsh; what jrestic lacks is one Fatal line. */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theBashCompletionCompletesCommandsAndTheirOptions() throws IOException {
        Path script = tmp.resolve("jrestic.bash");
        CliRun.Result r = new CliRun().run("generate", "--bash-completion", script.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("writing bash completion file to " + script + "\n", r.out());
        // what bash offers after "jrestic sna" and after "jrestic backup --exclude-i", with the script loaded
        String complete = "source '" + script + "'; COMP_WORDS=(jrestic %s); COMP_CWORD=%d; COMP_LINE='jrestic %s';"
                + " COMP_POINT=${#COMP_LINE}; _complete_jrestic; printf '%%s\\n' \"${COMPREPLY[@]}\"";
        ChildProcess.Output command = ChildProcess.run(List.of("bash", "-c", String.format(complete, "sna", 1, "sna")),
                Map.of("PATH", System.getenv("PATH")));
        assertEquals(List.of("snapshots"), command.out().lines().toList(), command.err());
        ChildProcess.Output option = ChildProcess.run(List.of("bash", "-c",
                String.format(complete, "backup --exclude-i", 2, "backup --exclude-i")), Map.of("PATH", System.getenv("PATH")));
        assertTrue(option.out().lines().toList().contains("--exclude-if-present"), option.out() + option.err());
        // -v takes no value: what follows it is still completed
        ChildProcess.Output afterFlag = ChildProcess.run(List.of("bash", "-c", String.format(complete, "-v sna", 2, "-v sna")),
                Map.of("PATH", System.getenv("PATH")));
        assertEquals(List.of("snapshots"), afterFlag.out().lines().toList(), afterFlag.err());
        // bash's own file name completion stays on (restic's script keeps it too): backup targets, --password-file, …
        assertTrue(!Files.readString(script).contains("compopt +o default"), "picocli's script turns it off");
    }

    @Test
    void anEmptyFileNameIsNotGivenAndArgumentsAreIgnoredAsInRestic() {
        Path script = tmp.resolve("jrestic.zsh");
        CliRun.Result r = new CliRun().run("generate", "--bash-completion", "", "--zsh-completion", script.toString(), "extra");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(script));
    }

    @Test
    void whatJresticCannotGenerateIsOneFatalLine() {
        assertEquals("Fatal: nothing to do, please specify at least one output file/dir\n", new CliRun().run("generate").err());
        CliRun.Result man = new CliRun().run("generate", "--man", tmp.toString());
        assertEquals(1, man.exitCode());
        assertTrue(man.err().startsWith("Fatal: man pages are not available in jrestic"), man.err());
        assertTrue(Files.notExists(tmp.resolve("jrestic.1")));
    }
}
