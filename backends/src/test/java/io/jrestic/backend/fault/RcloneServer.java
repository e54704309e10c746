package io.jrestic.backend.fault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code rclone serve restic} on 127.0.0.1 serving a directory, for fault tests; tests skip without rclone. */
final class RcloneServer implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Serving restic REST API on (https?://\\S+)");

    private final Process process;
    private final String url;

    private RcloneServer(Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("rclone", "serve", "restic", "--addr", "127.0.0.1:0",
                directory.toString()).redirectErrorStream(true);
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
            throw new IOException("rclone serve restic did not start: " + seen.toString().strip().replace('\n', ' '));
        }
        url = found.endsWith("/") ? found : found + "/";
        Thread.ofPlatform().daemon().name("rclone-output").start(() -> {
            try {
                output.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the server went away
            }
        });
    }

    /** Starts a server for {@code directory}; skips the calling test if rclone is not installed. */
    static RcloneServer start(Path directory) throws IOException {
        boolean installed = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            installed |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "rclone"));
        }
        assumeTrue(installed, "rclone is not installed (apt-get install rclone)");
        return new RcloneServer(directory);
    }

    /** e.g. {@code http://127.0.0.1:43123/} */
    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
