package io.jrestic.cli.output;

/** Go's {@code os.FileMode.String()}: type letters ("dalTLDpSugct?") then {@code rwxrwxrwx}, e.g. "Dcrw-rw-rw-". */
public final class GoFileModeString {
    private static final String TYPE_LETTERS = "dalTLDpSugct?";
    private static final String PERMISSION_LETTERS = "rwxrwxrwx";
    private static final int HIGHEST_BIT = 31;

    private GoFileModeString() {
    }

    /** @param goMode a Go {@code os.FileMode} (unsigned 32 bits in an int) */
    public static String of(int goMode) {
        StringBuilder sb = new StringBuilder(HIGHEST_BIT + 1);
        for (int i = 0; i < TYPE_LETTERS.length(); i++) {
            if ((goMode & (1 << (HIGHEST_BIT - i))) != 0) sb.append(TYPE_LETTERS.charAt(i));
        }
        if (sb.isEmpty()) sb.append('-');
        for (int i = 0; i < PERMISSION_LETTERS.length(); i++) {
            sb.append((goMode & (1 << (8 - i))) != 0 ? PERMISSION_LETTERS.charAt(i) : '-');
        }
        return sb.toString();
    }
}
