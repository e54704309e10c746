package io.jrestic.cli;

/** Entry points for commands outside this package that need a password. */
public final class PasswordPrompt {
    private PasswordPrompt() {
    }

    /** The password for a repository being created: the usual sources, or a prompt asked twice. */
    public static byte[] forNewRepository(GlobalOptions g) {
        return Passwords.read(g, "enter password for new repository: ", true);
    }

    /** The password of a new key: --new-password-file, or a prompt asked twice. */
    public static byte[] forNewKey(GlobalOptions g, String newPasswordFile) {
        return Passwords.readNew(g, newPasswordFile);
    }
}
