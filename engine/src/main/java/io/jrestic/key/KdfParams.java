package io.jrestic.key;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * scrypt cost parameters of a key file: {@code N} (CPU/memory cost, a power of two), {@code r} (block size),
 * {@code p} (parallelism). Validated as restic does before deriving (restic-format §4.2), so a damaged key file
 * cannot ask for an impossible derivation; memory use is {@code 128·r·N} bytes, below 2 GiB.
 */
public record KdfParams(int n, int r, int p) {
    /**
     * The cheapest parameters restic would choose ({@link #calibrated()} on a machine slow enough for {@code p = 1}):
     * 32 MiB and about 50-60 ms per derivation; for tests and as the start of the calibration.
     */
    public static final KdfParams DEFAULT = new KdfParams(32768, 8, 1);
    /** restic's time budget for deriving a new key ({@code KDFTimeout}), to which {@link #calibrated()} fits p. */
    public static final Duration CALIBRATION_TIME = Duration.ofMillis(500);
    /** Lane timings at most: the first runs are slow while the JIT compiles the mixing function. */
    private static final int CALIBRATION_RUNS = 8;
    /** A bound for absurdly fast timings: restic's own calibration stops after ten rounds of growing p. */
    static final int MAX_CALIBRATED_P = 1024;
    /**
     * A system property that fixes the parameters of new keys as {@code "N,r,p"} instead of {@link #calibrated()}:
     * the test suites set the cheapest ({@link #DEFAULT}), as restic's own tests do, so that their hundreds of new
     * repositories do not each cost a calibration and half a second per open.
     */
    public static final String NEW_KEY_PROPERTY = "jrestic.kdf.newKeys";
    /** Length of the derived key: encrypt (32) ‖ mac.k (16) ‖ mac.r (16). */
    public static final int DERIVED_KEY_LENGTH = 64;

    public KdfParams {
        String problem = null;
        if (n <= 1 || (n & (n - 1)) != 0) problem = "N must be a power of two above 1";
        else if (r < 1) problem = "r must be at least 1";
        else if (p < 1) problem = "p must be at least 1";
        else if ((long) r * p >= 1L << 30) problem = "r·p must be below 2^30";
        else if ((long) n >= (1L << 31) / (128L * r)) problem = "N must be below 2^31/(128·r)";
        if (problem != null) {
            throw new IllegalArgumentException("invalid scrypt parameters N=" + n + " r=" + r + " p=" + p + ": " + problem);
        }
    }

    /** The parameters for a new key: {@link #calibrated()}, or those {@value #NEW_KEY_PROPERTY} names. */
    public static KdfParams forNewKey() {
        String fixed = System.getProperty(NEW_KEY_PROPERTY, "").strip();
        if (fixed.isEmpty()) return calibrated();
        String[] parts = fixed.split(",");
        try {
            if (parts.length == 3) {
                return new KdfParams(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                        Integer.parseInt(parts[2].strip()));
            }
        } catch (NumberFormatException e) {
            // described below
        }
        throw new IllegalArgumentException(NEW_KEY_PROPERTY + " must be N,r,p (such as 32768,8,1), not \"" + fixed + "\"");
    }

    /**
     * Parameters for a new key, chosen as restic's {@code init} and {@code key add} choose them (its
     * {@code crypto.Calibrate(500 ms, 60 MiB)}): N = 2^15 and r = 8, the largest table within its 60 MiB, and p as
     * large as keeps one derivation, lane after lane, within {@link #CALIBRATION_TIME} on this machine, so that a
     * key made by jrestic costs a password guesser about what restic's would (on this project's machine restic
     * chooses p = 9 and jrestic 7-9; a fixed p = 1 made keys several times cheaper to attack). Takes about 0.3-0.6 s: one lane is timed until the JIT
     * has compiled it, since restic's compiled code is what the budget is measured against.
     */
    public static KdfParams calibrated() {
        byte[] password = "calibration".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] salt = new byte[KeyFile.SALT_LENGTH];
        return calibrated(CALIBRATION_TIME, () -> {
            long start = System.nanoTime();
            DEFAULT.derive(password, salt);
            return System.nanoTime() - start;
        });
    }

    /**
     * {@link #calibrated()} with {@code lane} timing one derivation with {@link #DEFAULT} (one lane), in
     * nanoseconds: timed until two runs in a row are no faster than the best so far (the JIT has settled), at most
     * {@value #CALIBRATION_RUNS} times; p is the budget over the best time, so that p lanes take more than half
     * the budget and at most all of it, as in restic, and at least 1.
     */
    static KdfParams calibrated(Duration budget, LongSupplier lane) {
        long best = Long.MAX_VALUE;
        int noFaster = 0;
        for (int run = 0; run < CALIBRATION_RUNS && noFaster < 2; run++) {
            long nanos = Math.max(1, lane.getAsLong());
            if (nanos < best) {
                best = nanos;
                noFaster = 0;
            } else {
                noFaster++; // twice in a row, not once: a collection or a compilation can slow one run
            }
        }
        long p = Math.max(1, Math.min(budget.toNanos() / best, MAX_CALIBRATED_P));
        return new KdfParams(DEFAULT.n(), DEFAULT.r(), (int) p);
    }

    /** scrypt(password, salt, N, r, p) → 64 bytes, the material of a user key. */
    public byte[] derive(byte[] password, byte[] salt) {
        return Scrypt.derive(password, salt, n, r, p, DERIVED_KEY_LENGTH);
    }
}
