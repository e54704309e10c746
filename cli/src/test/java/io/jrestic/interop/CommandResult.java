package io.jrestic.interop;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a finished command left behind: its exit code and its raw output streams. */
record CommandResult(String command, int exitCode, byte[] stdout, byte[] stderr) {

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    String err() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    List<String> errLines() {
        return err().lines().toList();
    }

    /** Fails with the command's output unless it exited 0; returns itself for chaining. */
    CommandResult ok() {
        if (exitCode != 0) throw new AssertionError(describe());
        return this;
    }

    String describe() {
        return command + " exited " + exitCode + "\n--- stdout:\n" + truncate(out()) + "\n--- stderr:\n" + truncate(err());
    }

    private static String truncate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "…(" + s.length() + " chars)";
    }
}
