package io.jrestic.backend.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code rclone serve restic} on 127.0.0.1 and an ephemeral port, serving a directory; tests skip without rclone. */
public final class RcloneRestServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Serving restic REST API on (https?://\\S+)");

    private final Process process;
    private final String url;

    private RcloneRestServer(Path directory, List<String> flags) throws IOException {
        List<String> command = new ArrayList<>(List.of("rclone", "serve", "restic", "--addr", "127.0.0.1:0"));
        command.addAll(flags);
        command.add(directory.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RCLONE_CONFIG", "/dev/null");
        process = builder.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String found = null;
        StringBuilder seen = new StringBuilder();
        for (String line; found == null && (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) found = m.group(1);
        }
        if (found == null) {
            process.destroy();
            throw new IOException("rclone serve restic did not start: " + seen);
        }
        url = found.endsWith("/") ? found : found + "/";
        Thread drain = new Thread(() -> {
            try {
                output.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the server went away
            }
        }, "rclone-output");
        drain.setDaemon(true);
        drain.start();
    }

    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "rclone"))) return true;
        }
        return false;
    }

    /** Starts a server with extra {@code flags} (e.g. {@code --append-only}); skips the test if rclone is missing. */
    public static RcloneRestServer start(Path directory, String... flags) throws IOException {
        assumeTrue(installed(), "rclone is not installed (apt-get install rclone)");
        return new RcloneRestServer(directory, List.of(flags));
    }

    /** The server's URL, ending in "/", e.g. {@code http://127.0.0.1:43123/}. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
