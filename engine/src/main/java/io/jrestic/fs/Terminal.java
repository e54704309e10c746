package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Whether a file descriptor is a terminal, and how wide it is: what progress displays need to draw in place. */
public final class Terminal {
    private static final MethodHandle ISATTY = Libc.downcall("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    // int ioctl(int fd, unsigned long request, ...): the struct pointer is the first variadic argument
    private static final MethodHandle IOCTL = Libc.downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final long TIOCGWINSZ = 0x5413;
    /** struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; } */
    private static final long WINSIZE_SIZE = 8;
    private static final long WS_COL = 2;

    private Terminal() {
    }

    /** True if {@code fd} (1 for standard output) refers to a terminal. */
    public static boolean isTerminal(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw new IllegalStateException("isatty failed", t);
        }
    }

    /** The terminal's width in columns, or 0 if {@code fd} is no terminal or does not say. */
    public static int columns(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(WINSIZE_SIZE);
            int rc = (int) IOCTL.invokeExact(fd, TIOCGWINSZ, size);
            return rc != 0 ? 0 : Short.toUnsignedInt(size.get(JAVA_SHORT, WS_COL));
        } catch (Throwable t) {
            throw new IllegalStateException("ioctl(TIOCGWINSZ) failed", t);
        }
    }
}
