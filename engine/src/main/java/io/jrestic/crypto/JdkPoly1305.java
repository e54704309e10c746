package io.jrestic.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's internal Poly1305 ({@code com.sun.crypto.provider.Poly1305}, the one ChaCha20-Poly1305 uses), which
 * HotSpot replaces with a vectorised intrinsic: about eight times the speed of {@link Poly1305} on AVX-512
 * machines. It is not public API, so it is reached reflectively (the launcher, the jar manifest and surefire
 * open {@code java.base/com.sun.crypto.provider}), and it is used only if it {@linkplain #AVAILABLE agrees} with
 * {@link Poly1305} on a self-test; otherwise, or with {@code -Djrestic.poly1305=java}, callers fall back to ours.
 *
 * <p>Not thread-safe: one instance per thread, like {@link Poly1305}.
 */
final class JdkPoly1305 {
    /** Bytes per {@code engineUpdate} call: the intrinsic's stub is compiled only after enough calls, and calls
     *  of this size let a short-lived process reach it within its first few blobs. */
    static final int PIECE = 16 * 1024;
    private static final String CLASS = "com.sun.crypto.provider.Poly1305";
    private static final MethodHandle NEW;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle DO_FINAL;
    /** True if the JDK class is reachable and computes the same tags as {@link Poly1305}. */
    static final boolean AVAILABLE;

    static {
        MethodHandle create = null, init = null, update = null, doFinal = null;
        boolean ok = false;
        if (!"java".equals(System.getProperty("jrestic.poly1305"))) {
            try {
                Class<?> c = Class.forName(CLASS);
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                create = lookup.findConstructor(c, MethodType.methodType(void.class, boolean.class)).asType(MethodType.methodType(Object.class, boolean.class));
                init = lookup.findVirtual(c, "engineInit", MethodType.methodType(void.class, Key.class, AlgorithmParameterSpec.class))
                        .asType(MethodType.methodType(void.class, Object.class, Key.class, AlgorithmParameterSpec.class));
                update = lookup.findVirtual(c, "engineUpdate", MethodType.methodType(void.class, byte[].class, int.class, int.class))
                        .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class, int.class));
                doFinal = lookup.findVirtual(c, "engineDoFinal", MethodType.methodType(byte[].class))
                        .asType(MethodType.methodType(byte[].class, Object.class));
                ok = true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                ok = false; // not opened to us, or a JDK without the class: use our own implementation
            }
        }
        NEW = create;
        INIT = init;
        UPDATE = update;
        DO_FINAL = doFinal;
        AVAILABLE = ok && selfTest();
    }

    private final Object mac;
    private final byte[] key = new byte[32];
    private long tag0;
    private long tag1;

    JdkPoly1305() {
        if (NEW == null) throw new IllegalStateException(CLASS + " is not accessible");
        try {
            mac = NEW.invokeExact(false); // r and s are never zero for restic keys; skip the weak-key check
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create " + CLASS + ": " + t, t);
        }
    }

    /** Same contract as {@link Poly1305#compute}: the tag of {@code msg[off, off+len)} for r and s. */
    void compute(long r0, long r1, long s0, long s1, byte[] msg, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, msg.length);
        Poly1305.putLe64(key, 0, r0);
        Poly1305.putLe64(key, 8, r1);
        Poly1305.putLe64(key, 16, s0);
        Poly1305.putLe64(key, 24, s1);
        byte[] tag;
        try {
            INIT.invokeExact(mac, (Key) new SecretKeySpec(key, "RAW"), (AlgorithmParameterSpec) null); // clamps r itself
            for (int done = 0; done < len; done += PIECE) {
                UPDATE.invokeExact(mac, msg, off + done, Math.min(PIECE, len - done));
            }
            tag = (byte[]) DO_FINAL.invokeExact(mac);
        } catch (Throwable t) {
            throw new IllegalStateException(CLASS + " failed: " + t, t);
        }
        tag0 = Poly1305.le64(tag, 0);
        tag1 = Poly1305.le64(tag, 8);
    }

    long tag0() {
        return tag0;
    }

    long tag1() {
        return tag1;
    }

    /** Compares tags with {@link Poly1305} over lengths around the block, lane and piece boundaries. */
    private static boolean selfTest() {
        try {
            JdkPoly1305 jdk = new JdkPoly1305();
            Poly1305 ours = new Poly1305();
            Random random = new Random(1305);
            byte[] msg = new byte[PIECE * 2 + 100];
            random.nextBytes(msg);
            int[] lengths = {0, 1, 15, 16, 17, 63, 64, 1000, 1024 + 5, PIECE - 1, PIECE, PIECE + 17, msg.length - 3};
            for (int len : lengths) {
                long r0 = random.nextLong(), r1 = random.nextLong(), s0 = random.nextLong(), s1 = random.nextLong();
                jdk.compute(r0, r1, s0, s1, msg, 3, len);
                ours.compute(r0, r1, s0, s1, msg, 3, len);
                if (jdk.tag0() != ours.tag0() || jdk.tag1() != ours.tag1()) return false;
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
