package io.jrestic.backend.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.FileHandle;
import io.jrestic.backend.FileType;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.retry.RetryPolicy;
import io.jrestic.backend.retry.RetryingBackend;
import io.jrestic.backend.s3.RepositoryRoundTrip;
import io.jrestic.backend.s3.S3Backend;
import io.jrestic.backend.s3.S3Credentials;
import io.jrestic.backend.s3.S3Location;
import io.jrestic.backend.s3.S3Settings;
import io.jrestic.backend.tls.ClientTls;
import io.jrestic.id.Id;
import io.jrestic.repository.Repository;
import io.jrestic.restorer.RestoreListener;
import io.jrestic.restorer.RestoreResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore through S3 with a {@link FaultProxy} between client and S3Proxy: transient faults (throttling,
 * server errors, dropped connections, lost responses, delays, cut-off downloads) are retried until the run succeeds;
 * faults that do not go away end it with a one-line error; client errors are not retried; and stock restic finds
 * every byte in order afterwards.
 */
class S3FaultTest {
    @TempDir
    static Path buckets;
    @TempDir
    Path scratch;
    private static S3Server server;
    private FaultProxy proxy;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3Server(buckets);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new FaultProxy("127.0.0.1", server.port());
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    /** The bucket through the proxy, with the retries the s3 factory sets up (restic's defaults). */
    private Backend throughProxy(String bucket) throws IOException {
        return BackendRegistry.open("s3:" + proxy.endpoint() + "/" + bucket, Map.of(), S3Server.environment());
    }

    /** The bucket through the proxy, retrying quickly, and telling {@code listener} about every retry. */
    private Backend throughProxy(String bucket, RetryPolicy policy, RetryingBackend.Listener listener) {
        S3Backend s3 = new S3Backend(S3Location.parse(proxy.endpoint() + "/" + bucket), S3Settings.defaults(),
                S3Credentials.fromEnvironment(S3Server.environment()), ClientTls.systemDefault());
        return new RetryingBackend(s3, policy, listener);
    }

    private void assertResticChecksEveryByte(String bucket) throws Exception {
        RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(scratch, S3Server.environment(),
                "-r", "s3:" + server.endpoint() + "/" + bucket, "check", "--read-data");
        assertEquals(0, check.exitCode(), check.output());
    }

    private long injected(Class<? extends Fault> kind) {
        return proxy.exchanges().stream().filter(e -> kind.isInstance(e.fault())).count();
    }

    @Test
    void backupAndRestoreSucceedThroughTransientFaults() throws Exception {
        Workload.init(throughProxy("transient"));
        Path source = Workload.sourceTree(scratch.resolve("src"), 1);

        proxy.plan(FaultPlan.first(2, r -> r.writes("data"), Fault.slowDown())
                .then(FaultPlan.first(1, r -> r.writes("index"), Fault.internalError()))
                .then(FaultPlan.first(1, r -> r.writes("snapshots"), Fault.loseResponse()))
                .then(FaultPlan.first(1, r -> r.reads("keys"), Fault.drop()))
                .then(FaultPlan.first(1, r -> r.writes("locks"), Fault.delay(Duration.ofMillis(200))))
                .then(FaultPlan.first(1, r -> r.kind().equals("list snapshots"), Fault.serviceUnavailable())));
        Id snapshot;
        try (Repository repo = Workload.open(throughProxy("transient"))) {
            snapshot = Workload.backup(repo, source);
        }
        assertEquals(4, injected(Fault.Respond.class), "2 SlowDown, 1 InternalError, 1 ServiceUnavailable");
        assertEquals(1, injected(Fault.LoseResponse.class));
        assertEquals(1, injected(Fault.Drop.class));
        assertEquals(1, injected(Fault.Delay.class));
        List<Integer> snapshotUploads = proxy.exchanges(r -> r.writes("snapshots")).stream()
                .map(FaultProxy.Exchange::status).toList();
        assertEquals(List.of(0, 412), snapshotUploads, "the upload whose answer was lost had succeeded; its retry found it");

        proxy.clear();
        proxy.plan(FaultPlan.first(1, r -> r.reads("data") && r.rangeLength() > 100_000, Fault.truncate(1000))
                .then(FaultPlan.first(1, r -> r.reads("index"), Fault.serviceUnavailable()))
                .then(FaultPlan.first(1, r -> r.reads("snapshots"), Fault.drop())));
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        RestoreResult result;
        try (Repository repo = Workload.open(throughProxy("transient"))) {
            result = Workload.restore(repo, scratch.resolve("out"), new RestoreListener() {
                @Override
                public void error(String location, Exception cause) {
                    errors.add(location + ": " + cause.getMessage());
                }
            });
        }
        assertEquals(List.of(), errors);
        assertEquals(0, result.errors());
        assertEquals(1, injected(Fault.Truncate.class));
        Workload.assertSameFiles(source, scratch.resolve("out").resolve(source.toString().substring(1)));
        assertTrue(snapshot != null);
        assertResticChecksEveryByte("transient");
    }

    @Test
    void aServerThatKeepsFailingEndsTheBackupWithAOneLineErrorAndLeavesTheRepositoryIntact() throws Exception {
        Workload.init(throughProxy("failing"));
        Path source = Workload.sourceTree(scratch.resolve("src"), 2);
        RetryPolicy quick = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50));

        proxy.plan(FaultPlan.always(r -> r.writes("data"), Fault.internalError()));
        IOException e;
        try (Repository repo = Workload.open(throughProxy("failing", quick, RetryingBackend.Listener.NONE))) {
            e = assertThrows(IOException.class, () -> Workload.backup(repo, source));
        }
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("data/"), "names the pack: " + e.getMessage());
        assertTrue(e.getMessage().contains("failing"), "names the bucket: " + e.getMessage());
        Map<String, Long> attempts = proxy.exchanges(r -> r.writes("data")).stream()
                .collect(Collectors.groupingBy(x -> x.request().path(), Collectors.counting()));
        assertFalse(attempts.isEmpty());
        attempts.forEach((path, n) -> assertEquals(4L, n, "attempts at " + path));
        assertEquals(0, proxy.exchanges(r -> r.writes("snapshots")).size());
        assertResticChecksEveryByte("failing");
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        Workload.init(throughProxy("denied"));
        Backend backend = throughProxy("denied");
        proxy.clear();
        proxy.plan(FaultPlan.always(r -> r.kind().equals("config"), Fault.accessDenied()));
        IOException denied = assertThrows(IOException.class, () -> Workload.open(backend));
        assertInstanceOf(AccessDeniedException.class, denied, denied.toString());
        assertFalse(denied.getMessage().contains("\n"), denied.getMessage());
        assertEquals(1, proxy.exchanges(r -> r.kind().equals("config")).size(), "one request, no retries");

        proxy.plan(FaultPlan.NONE);
        proxy.clear();
        Id missing = Id.hash(new byte[] {1});
        assertThrows(NoSuchFileException.class, () -> backend.load(FileHandle.of(FileType.SNAPSHOT, missing)));
        assertEquals(1, proxy.exchanges(r -> r.reads("snapshots")).size(), "a 404 is an answer, not a failure");
        backend.close();
    }

    @Test
    void retriesBackOffExponentiallyWithJitter() throws IOException {
        Workload.init(throughProxy("backoff"));
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(40), Duration.ofSeconds(1));
        List<Duration> delays = Collections.synchronizedList(new ArrayList<>());
        proxy.plan(FaultPlan.always(r -> r.reads("config"), Fault.slowDown()));
        try (Backend backend = throughProxy("backoff", policy, (operation, failed, delay, cause) -> delays.add(delay))) {
            IOException e = assertThrows(IOException.class, () -> backend.load(FileHandle.CONFIG));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        List<FaultProxy.Exchange> attempts = proxy.exchanges(r -> r.reads("config"));
        assertEquals(6, attempts.size());
        assertEquals(5, delays.size());
        Set<Long> jitter = new java.util.HashSet<>();
        for (int i = 0; i < delays.size(); i++) {
            long nominal = Duration.ofMillis(40L << i).toNanos();
            long delay = delays.get(i).toNanos();
            assertTrue(delay >= nominal / 2 && delay <= nominal, "delay " + (i + 1) + " is " + delays.get(i));
            jitter.add(delay * 1000 / nominal);
            long gap = attempts.get(i + 1).startNanos() - attempts.get(i).startNanos();
            assertTrue(gap >= delay, "attempt " + (i + 2) + " came " + gap + " ns after the previous, not after " + delay);
        }
        assertTrue(jitter.size() > 1, "the waits are not all the same fraction of the nominal delay: " + delays);
    }
}
