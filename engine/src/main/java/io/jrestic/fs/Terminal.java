package io.jrestic.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
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

    /** Only a password prompt needs these: a holder, so that other runs do not generate their call stubs. */
    private static final class Termios {
        static final MethodHandle TCGETATTR = Libc.downcall("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle TCSETATTR = Libc.downcall("tcsetattr",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** struct termios is 60 bytes with glibc on Linux (four tcflag_t, c_line, c_cc[32], two speeds). */
    private static final long TERMIOS_SIZE = 64;
    private static final long C_LFLAG = 12;
    private static final int ECHO = 0010;
    private static final int TCSANOW = 0;

    private Terminal() {
    }

    /**
     * Stops terminal {@code fd} from echoing what is typed, until {@link EchoOff#close}; also restored if the JVM
     * exits meanwhile (an interrupted password prompt must not leave the user's terminal silent).
     *
     * @throws IOException if {@code fd} is no terminal or its settings cannot be changed
     */
    public static EchoOff echoOff(int fd) throws IOException {
        return new EchoOff(fd);
    }

    /** A terminal's settings as they were before {@link #echoOff}; closing puts them back. */
    public static final class EchoOff implements AutoCloseable {
        private final int fd;
        private final Arena arena = Arena.ofAuto(); // freed when unreachable: the exit hook may still use it
        private final MemorySegment saved = arena.allocate(TERMIOS_SIZE);
        private final Thread restoreOnExit = new Thread(this::restore, "restore-terminal-echo");

        private volatile boolean changed;

        private EchoOff(int fd) throws IOException {
            this.fd = fd;
            try {
                if ((int) Termios.TCGETATTR.invokeExact(fd, saved) != 0) throw new IOException("tcgetattr: not a terminal");
                MemorySegment silent = arena.allocate(TERMIOS_SIZE);
                silent.copyFrom(saved);
                silent.set(JAVA_INT, C_LFLAG, silent.get(JAVA_INT, C_LFLAG) & ~ECHO);
                Runtime.getRuntime().addShutdownHook(restoreOnExit);
                changed = true; // from here on, close() and the hook put the saved settings back
                if ((int) Termios.TCSETATTR.invokeExact(fd, TCSANOW, silent) != 0) throw new IOException("tcsetattr failed");
            } catch (IOException e) {
                close();
                throw e;
            } catch (IllegalStateException e) { // the JVM is exiting already
                throw new IOException("exiting", e);
            } catch (Throwable t) {
                close();
                throw new IllegalStateException("tcgetattr/tcsetattr failed", t);
            }
        }

        /** Puts back the saved settings, never a zeroed buffer: only once they were read and changed. */
        private void restore() {
            if (!changed) return;
            try {
                int ignored = (int) Termios.TCSETATTR.invokeExact(fd, TCSANOW, saved);
            } catch (Throwable t) {
                // the settings stay as they are: nothing more to do on the way out
            }
        }

        @Override
        public void close() {
            restore();
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already (the hook restores), or the hook was never added
            }
        }
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
