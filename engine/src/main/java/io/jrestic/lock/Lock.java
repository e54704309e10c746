package io.jrestic.lock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrestic.json.GoTime;
import io.jrestic.json.JsonWriter;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A restic lock file's content (§14.1): who holds the repository, since when, and whether exclusively.
 */
public record Lock(OffsetDateTime time, boolean exclusive, String hostname, String username, long pid, long uid, long gid) {
    /** A lock whose time is older than this is stale (restic's staleTimeout). */
    public static final Duration STALE_AFTER = Duration.ofMinutes(30);
    private static final JsonFactory JSON = new JsonFactory();

    /** JSON in restic's field order; uid and gid omitted when 0. */
    public byte[] toJson() {
        JsonWriter w = new JsonWriter().beginObject()
                .name("time").value(GoTime.format(time))
                .name("exclusive").value(exclusive)
                .name("hostname").value(hostname)
                .name("username").value(username)
                .name("pid").value(pid);
        if (uid != 0) w.name("uid").valueUnsigned(uid);
        if (gid != 0) w.name("gid").valueUnsigned(gid);
        return w.endObject().toByteArray();
    }

    public static Lock parse(byte[] json) {
        OffsetDateTime time = null;
        boolean exclusive = false;
        String hostname = "";
        String username = "";
        long pid = 0;
        long uid = 0;
        long gid = 0;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("lock is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "time" -> time = GoTime.parse(p.getText());
                    case "exclusive" -> exclusive = t == JsonToken.VALUE_TRUE;
                    case "hostname" -> hostname = p.getText();
                    case "username" -> username = p.getText();
                    case "pid" -> pid = p.getLongValue();
                    case "uid" -> uid = p.getLongValue();
                    case "gid" -> gid = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid lock JSON: " + e.getMessage(), e);
        }
        if (time == null) throw new IllegalArgumentException("lock has no time");
        return new Lock(time, exclusive, hostname, username, pid, uid, gid);
    }

    /**
     * restic's staleness rule (§14.4): older than 30 minutes, or created on this host by a process that no longer
     * exists.
     */
    public boolean isStale(OffsetDateTime now, String localHostname) {
        if (time.plus(STALE_AFTER).isBefore(now)) return true;
        return hostname.equals(localHostname) && ProcessHandle.of(pid).isEmpty();
    }

    /** How restic describes a lock holder in "repository is already locked" messages. */
    public String describe() {
        return (exclusive ? "exclusively " : "") + "by PID " + pid + " on " + hostname + " by " + username
                + " (UID " + uid + ", GID " + gid + ")\nlock was created at " + GoTime.format(time);
    }
}
