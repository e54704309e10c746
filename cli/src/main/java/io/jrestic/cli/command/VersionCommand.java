package io.jrestic.cli.command;

import io.jrestic.cli.ExitCode;
import picocli.CommandLine.Command;

/** {@code version}: prints the version in restic's shape. */
@Command(name = "version", description = "Print version information")
public final class VersionCommand extends RepositoryCommand {
    public static final String VERSION = "0.1.0";

    @Override
    public Integer call() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        if (printer().json()) {
            printer().jsonLine(new io.jrestic.json.JsonWriter().beginObject()
                    .name("message_type").value("version").name("version").value(VERSION)
                    .name("java_version").value(Runtime.version().toString())
                    .name("go_os").value(os).name("go_arch").value(arch).endObject().toByteArray());
        } else {
            printer().result("jrestic " + VERSION + " compiled with java" + Runtime.version().feature() + " on " + os + "/" + arch);
        }
        return ExitCode.OK;
    }
}
