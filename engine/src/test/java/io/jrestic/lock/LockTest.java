package io.jrestic.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.json.GoTime;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The lock file's JSON (§14.1) and restic's staleness rule (§14.4). */
class LockTest {
    /** Observed from restic 0.14 running as root (§14.1). */
    private static final String RESTIC_LOCK =
            "{\"time\":\"2026-11-24T08:59:11.544410152Z\",\"exclusive\":false,\"hostname\":\"vm\",\"username\":\"root\",\"pid\":16783}";
    private static final OffsetDateTime NOW = GoTime.parse("2026-11-24T09:00:00Z");

    private static Lock lock(OffsetDateTime time, String host, long pid) {
        return new Lock(time, false, host, "user", pid, 1000, 100);
    }

    @Test
    void resticsLockParsesAndSerialisesToTheSameBytes() {
        Lock lock = Lock.parse(RESTIC_LOCK.getBytes(StandardCharsets.UTF_8));
        assertEquals(GoTime.parse("2026-11-24T08:59:11.544410152Z"), lock.time());
        assertFalse(lock.exclusive());
        assertEquals("vm", lock.hostname());
        assertEquals("root", lock.username());
        assertEquals(16783, lock.pid());
        assertEquals(0, lock.uid());
        assertEquals(0, lock.gid());
        assertEquals(RESTIC_LOCK, new String(lock.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void fieldsAreInResticsOrderWithUidAndGidOnlyWhenNotZero() {
        Lock lock = new Lock(GoTime.parse("2024-01-02T10:00:00.5+01:00"), true, "host", "alice", 42, 1000, 4294967295L);
        String json = new String(lock.toJson(), StandardCharsets.UTF_8);
        assertEquals("{\"time\":\"2024-01-02T10:00:00.5+01:00\",\"exclusive\":true,\"hostname\":\"host\","
                + "\"username\":\"alice\",\"pid\":42,\"uid\":1000,\"gid\":4294967295}", json);
        assertEquals(lock, Lock.parse(lock.toJson()));
        assertEquals(lock, Lock.parse(("{\"gid\":4294967295,\"extra\":[1,{}],\"uid\":1000,\"pid\":42,\"username\":\"alice\","
                + "\"hostname\":\"host\",\"exclusive\":true,\"time\":\"2024-01-02T10:00:00.5+01:00\"}").getBytes(StandardCharsets.UTF_8)),
                "any field order and unknown fields are accepted");
    }

    @Test
    void aLockWithoutTimeOrThatIsNotAnObjectIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Lock.parse("{\"pid\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Lock.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Lock.parse("{\"time\":".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLockOlderThanThirtyMinutesIsStaleOnAnyHost() {
        assertTrue(lock(NOW.minusMinutes(31), "elsewhere", 1).isStale(NOW, "here"));
        assertFalse(lock(NOW.minusMinutes(29), "elsewhere", 1).isStale(NOW, "here"));
        assertFalse(lock(NOW.minusMinutes(30), "elsewhere", 1).isStale(NOW, "here"), "exactly 30 minutes is not more than 30");
    }

    @Test
    void aRecentLockOnThisHostIsStaleWhenItsProcessIsGone() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long deadPid = exited.pid();
        long livePid = ProcessHandle.current().pid();
        assertTrue(lock(NOW, "here", deadPid).isStale(NOW, "here"));
        assertFalse(lock(NOW, "here", livePid).isStale(NOW, "here"));
        assertFalse(lock(NOW, "elsewhere", deadPid).isStale(NOW, "here"), "another host's PIDs mean nothing here");
    }

    @Test
    void describeNamesTheHolderAsResticDoes() {
        Lock lock = new Lock(GoTime.parse("2026-11-24T08:59:11Z"), true, "vm", "root", 7, 0, 0);
        assertTrue(lock.describe().startsWith("exclusively by PID 7 on vm by root"), lock.describe());
    }
}
