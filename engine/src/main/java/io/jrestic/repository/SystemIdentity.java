package io.jrestic.repository;

import java.net.InetAddress;

/** The user and host names restic records in key files, locks and snapshots. */
public final class SystemIdentity {
    private SystemIdentity() {
    }

    /** The process's real uid (restic records it in locks and snapshots). */
    public static long uid() {
        return io.jrestic.fs.Identity.getuid();
    }

    public static long gid() {
        return io.jrestic.fs.Identity.getgid();
    }

    public static String userName() {
        String user = System.getProperty("user.name");
        return user == null ? "" : user;
    }

    /** The host name as restic's os.Hostname() gives it (the kernel's node name). */
    public static String hostName() {
        String env = System.getenv("HOSTNAME");
        try {
            String fromFile = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!fromFile.isEmpty()) return fromFile;
        } catch (java.io.IOException | SecurityException e) {
            // not Linux: fall through
        }
        if (env != null && !env.isEmpty()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
