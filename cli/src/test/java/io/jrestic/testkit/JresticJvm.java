package io.jrestic.testkit;

import io.jrestic.cli.Main;
import io.jrestic.key.KdfParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** jrestic in a JVM of its own, as a user runs it, for tests that kill it, signal it or feed it a real stdin. */
public final class JresticJvm {
    private JresticJvm() {
    }

    /** The command line that runs {@code jrestic ARGS} on this JVM's runtime and class path. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/com.sun.crypto.provider=ALL-UNNAMED",
                "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        String newKeys = System.getProperty(KdfParams.NEW_KEY_PROPERTY);
        if (newKeys != null) command.add("-D" + KdfParams.NEW_KEY_PROPERTY + "=" + newKeys); // as this test JVM has it
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
