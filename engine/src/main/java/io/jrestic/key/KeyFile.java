package io.jrestic.key;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.crypto.AuthenticationException;
import io.jrestic.crypto.CryptoKey;
import io.jrestic.crypto.Envelope;
import io.jrestic.id.Id;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A restic key file (restic-format §4.1): who created it, the scrypt parameters and salt, and {@code data}, the
 * envelope sealing the master-key JSON under the user key derived from the password.
 *
 * <p>The fields are kept as read, unvalidated, so that {@link #toJson()} reproduces a parsed file; validation
 * happens in {@link #openMasterKey}, as in restic. {@code salt} and {@code data} are copied in and out, and
 * {@link #equals}/{@link #hashCode} compare their contents.
 */
public record KeyFile(OffsetDateTime created, String username, String hostname, String kdf, int n, int r, int p,
        byte[] salt, byte[] data) {
    /** The only key derivation function restic knows. */
    public static final String KDF_SCRYPT = "scrypt";
    public static final int SALT_LENGTH = 64;
    /** Go's zero {@code time.Time}, what restic reads for a missing {@code created}. */
    static final OffsetDateTime GO_ZERO_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public KeyFile {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(kdf, "kdf");
        salt = Objects.requireNonNull(salt, "salt").clone();
        data = Objects.requireNonNull(data, "data").clone();
    }

    /**
     * A new key file for {@code masterKey} under {@code password}, with a fresh random 64-byte salt and IV.
     * Derivation costs one scrypt run with {@code params} (about 60 ms with {@link KdfParams#DEFAULT}).
     */
    public static KeyFile create(CryptoKey masterKey, byte[] password, KdfParams params, String username,
            String hostname, OffsetDateTime created) {
        byte[] salt = new byte[SALT_LENGTH];
        byte[] iv = new byte[Envelope.IV_LENGTH];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(iv);
        return create(masterKey, password, params, username, hostname, created, salt, iv);
    }

    /** {@link #create} with a given salt and IV: for test vectors only. */
    static KeyFile create(CryptoKey masterKey, byte[] password, KdfParams params, String username, String hostname,
            OffsetDateTime created, byte[] salt, byte[] iv) {
        CryptoKey userKey = userKey(password, salt, params);
        byte[] data = userKey.sealWithIv(iv, MasterKeyJson.encode(masterKey));
        return new KeyFile(created, username, hostname, KDF_SCRYPT, params.n(), params.r(), params.p(), salt, data);
    }

    /** Parses a key file; unknown fields are ignored, missing ones take Go's zero values. */
    public static KeyFile parse(byte[] json) {
        OffsetDateTime created = GO_ZERO_TIME;
        String username = "", hostname = "", kdf = "";
        int n = 0, r = 0, p = 0;
        byte[] salt = new byte[0], data = new byte[0];
        try (JsonParser parser = KeyJson.FACTORY.createParser(json)) {
            KeyJson.expectObject(parser, "key file");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                // Go matches JSON names to struct fields case-insensitively
                switch (field.toLowerCase(java.util.Locale.ROOT)) {
                    case "created" -> {
                        String text = KeyJson.string(parser, "key file created");
                        if (!text.isEmpty()) created = GoTime.parse(text);
                    }
                    case "username" -> username = KeyJson.string(parser, "key file username");
                    case "hostname" -> hostname = KeyJson.string(parser, "key file hostname");
                    case "kdf" -> kdf = KeyJson.string(parser, "key file kdf");
                    case "n" -> n = KeyJson.integer(parser, "key file N");
                    case "r" -> r = KeyJson.integer(parser, "key file r");
                    case "p" -> p = KeyJson.integer(parser, "key file p");
                    case "salt" -> salt = KeyJson.base64(parser, "key file salt");
                    case "data" -> data = KeyJson.base64(parser, "key file data");
                    default -> parser.skipChildren();
                }
            }
            KeyJson.expectEnd(parser, "key file");
        } catch (IOException e) {
            throw KeyJson.invalid("key file", e);
        }
        return new KeyFile(created, username, hostname, kdf, n, r, p, salt, data);
    }

    /** restic's exact bytes for this key file: compact, fields in restic's order. */
    public byte[] toJson() {
        return new JsonWriter(512)
                .beginObject()
                .name("created").value(GoTime.format(created))
                .name("username").value(username)
                .name("hostname").value(hostname)
                .name("kdf").value(kdf)
                .name("N").value(n)
                .name("r").value(r)
                .name("p").value(p)
                .name("salt").base64(salt)
                .name("data").base64(data)
                .endObject()
                .toByteArray();
    }

    /** The name restic gives this key file: the SHA-256 of {@link #toJson()}. */
    public Id id() {
        return Id.hash(toJson());
    }

    /** The scrypt parameters; throws {@link IllegalArgumentException} if they are invalid. */
    public KdfParams kdfParams() {
        return new KdfParams(n, r, p);
    }

    /**
     * Derives the user key from {@code password} and unseals the master key.
     *
     * @throws AuthenticationException the password is wrong for this key file (or {@code data} is damaged)
     * @throws IllegalArgumentException the key file is invalid: unknown kdf, bad salt or parameters, {@code data}
     *         too short, or an invalid master key inside
     */
    public CryptoKey openMasterKey(byte[] password) throws AuthenticationException {
        if (!KDF_SCRYPT.equals(kdf)) throw new IllegalArgumentException("invalid key file: unknown kdf \"" + kdf + "\"");
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("invalid key file: salt is " + salt.length + " bytes, want " + SALT_LENGTH);
        }
        KdfParams params = kdfParams();
        if (data.length < Envelope.OVERHEAD) {
            throw new IllegalArgumentException("invalid key file: data is " + data.length + " bytes, want at least "
                    + Envelope.OVERHEAD);
        }
        byte[] plaintext = userKey(password, salt, params).open(data);
        try {
            return MasterKeyJson.decode(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyFile k && created.equals(k.created) && username.equals(k.username)
                && hostname.equals(k.hostname) && kdf.equals(k.kdf) && n == k.n && r == k.r && p == k.p
                && Arrays.equals(salt, k.salt) && Arrays.equals(data, k.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(created, username, hostname, kdf, n, r, p, Arrays.hashCode(salt), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "KeyFile[created=" + GoTime.format(created) + ", username=" + username + ", hostname=" + hostname
                + ", kdf=" + kdf + ", N=" + n + ", r=" + r + ", p=" + p + ", salt=" + Base64.getEncoder().encodeToString(salt)
                + ", data=" + data.length + " bytes]";
    }

    private static CryptoKey userKey(byte[] password, byte[] salt, KdfParams params) {
        byte[] dk = params.derive(password, salt);
        try {
            return CryptoKey.fromDerived(dk);
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
    }
}
