package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who and where this process is: user and group IDs, process ID, host name, names from the user and group
 * databases (cached, as restic caches them; empty when unknown), and whether another process is alive (for stale
 * lock detection, spec §14.4).
 */
public final class Identity {
    // One holder class per downcall handle, so that only the handles used are created (see Libc).
    private static final class Getuid {
        static final MethodHandle HANDLE = Libc.downcall("getuid", FunctionDescriptor.of(JAVA_INT));
    }
    private static final class Getgid {
        static final MethodHandle HANDLE = Libc.downcall("getgid", FunctionDescriptor.of(JAVA_INT));
    }
    private static final class Getpid {
        static final MethodHandle HANDLE = Libc.downcall("getpid", FunctionDescriptor.of(JAVA_INT));
    }
    private static final class Gethostname {
        static final MethodHandle HANDLE = Libc.withErrno("gethostname",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }
    private static final class Kill {
        static final MethodHandle HANDLE = Libc.withErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    // int getpwuid_r(uid_t, struct passwd *, char *buf, size_t, struct passwd **result): returns an error number
    private static final class GetpwuidR {
        static final MethodHandle HANDLE = Libc.downcall("getpwuid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }
    private static final class GetgrgidR {
        static final MethodHandle HANDLE = Libc.downcall("getgrgid_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /** sizeof(struct passwd) is 48 and sizeof(struct group) 32 on x86_64; the name pointer is the first field. */
    private static final long DATABASE_ENTRY_SIZE = 64;
    private static final long NAME_POINTER = 0;
    private static final int FIRST_LOOKUP_BUFFER = 1024;
    private static final int MAX_LOOKUP_BUFFER = 1 << 20;
    private static final int HOST_NAME_BUFFER = 256; // HOST_NAME_MAX is 64; leave room

    private static final ConcurrentHashMap<Long, String> USER_NAMES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, String> GROUP_NAMES = new ConcurrentHashMap<>();

    private Identity() {
    }

    public static long getuid() {
        try {
            return Integer.toUnsignedLong((int) Getuid.HANDLE.invokeExact());
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    public static long getgid() {
        try {
            return Integer.toUnsignedLong((int) Getgid.HANDLE.invokeExact());
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    public static int getpid() {
        try {
            return (int) Getpid.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The kernel's host name (what {@code restic backup} records as the snapshot's host). */
    public static String hostname() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(HOST_NAME_BUFFER);
            int result;
            try {
                result = (int) Gethostname.HANDLE.invokeExact(Libc.errnoState(), buf, (long) HOST_NAME_BUFFER - 1);
            } catch (Throwable t) {
                throw Libc.unexpected(t);
            }
            if (result != 0) throw new IOException("gethostname: " + Libc.errorText(Libc.errno()));
            return buf.getString(0, StandardCharsets.UTF_8);
        }
    }

    /** The login name of {@code uid}, or "" if the user database has none. */
    public static String userName(long uid) throws IOException {
        String name = USER_NAMES.get(uid);
        if (name == null) {
            name = lookUpName(GetpwuidR.HANDLE, "getpwuid_r", uid);
            USER_NAMES.putIfAbsent(uid, name);
        }
        return name;
    }

    /** The name of group {@code gid}, or "" if the group database has none. */
    public static String groupName(long gid) throws IOException {
        String name = GROUP_NAMES.get(gid);
        if (name == null) {
            name = lookUpName(GetgrgidR.HANDLE, "getgrgid_r", gid);
            GROUP_NAMES.putIfAbsent(gid, name);
        }
        return name;
    }

    private static String lookUpName(MethodHandle lookup, String function, long id) throws IOException {
        if (id < 0 || id > 0xffffffffL) throw new IllegalArgumentException("not a 32-bit user or group ID: " + id);
        for (int size = FIRST_LOOKUP_BUFFER; ; size *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment entry = arena.allocate(DATABASE_ENTRY_SIZE, 8);
                MemorySegment buf = arena.allocate(size);
                MemorySegment result = arena.allocate(ADDRESS);
                int error;
                try {
                    error = (int) lookup.invokeExact((int) id, entry, buf, (long) size, result);
                } catch (Throwable t) {
                    throw Libc.unexpected(t);
                }
                if (error == ErrnoException.ERANGE && size < MAX_LOOKUP_BUFFER) continue;
                if (error != 0) throw new IOException(function + " " + id + ": " + Libc.errorText(error));
                if (result.get(ADDRESS, 0).equals(MemorySegment.NULL)) return "";
                // The name points into buf; read it there rather than trusting a raw address.
                long nameOffset = entry.get(ADDRESS, NAME_POINTER).address() - buf.address();
                return buf.getString(nameOffset, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Whether process {@code pid} exists on this host: {@code kill(pid, 0)} succeeds or fails with EPERM (it exists
     * but belongs to someone else); ESRCH means it is gone.
     */
    public static boolean processExists(int pid) throws IOException {
        // kill(0, …) and kill(-n, …) address process groups, never one process.
        if (pid <= 0) throw new IllegalArgumentException("not a process ID: " + pid);
        int result;
        try {
            result = (int) Kill.HANDLE.invokeExact(Libc.errnoState(), pid, 0);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
        if (result == 0) return true;
        int errno = Libc.errno();
        if (errno == ErrnoException.ESRCH) return false;
        if (errno == ErrnoException.EPERM) return true;
        throw new IOException("kill " + pid + ": " + Libc.errorText(errno));
    }
}
