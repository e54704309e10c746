package io.jrestic.key;

/**
 * scrypt cost parameters of a key file: {@code N} (CPU/memory cost, a power of two), {@code r} (block size),
 * {@code p} (parallelism). Validated as restic does before deriving (restic-format §4.2), so a damaged key file
 * cannot ask for an impossible derivation; memory use is {@code 128·r·N} bytes, below 2 GiB.
 */
public record KdfParams(int n, int r, int p) {
    /** What restic chooses on a typical machine, with {@code p = 1}: 32 MiB and about 60 ms per derivation. */
    public static final KdfParams DEFAULT = new KdfParams(32768, 8, 1);
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

    /** scrypt(password, salt, N, r, p) → 64 bytes, the material of a user key. */
    public byte[] derive(byte[] password, byte[] salt) {
        return Scrypt.derive(password, salt, n, r, p, DERIVED_KEY_LENGTH);
    }
}
