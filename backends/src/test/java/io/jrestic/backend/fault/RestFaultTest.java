package io.jrestic.backend.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.Backend;
import io.jrestic.backend.location.BackendRegistry;
import io.jrestic.backend.rest.RcloneRestServer;
import io.jrestic.backend.s3.RepositoryRoundTrip;
import io.jrestic.repository.Repository;
import io.jrestic.restorer.RestoreListener;
import io.jrestic.restorer.RestoreResult;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore through the REST protocol ({@code rclone serve restic}) with a {@link FaultProxy} in between:
 * transient faults are retried until the run succeeds, a forbidden request is not retried, and stock restic checks
 * every byte afterwards.
 */
class RestFaultTest {
    @TempDir
    Path scratch;
    private RcloneRestServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = RcloneRestServer.start(Files.createDirectories(scratch.resolve("served")));
        proxy = FaultProxy.inFrontOf(server.url());
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (server != null) server.close();
    }

    private Backend throughProxy() throws IOException {
        return BackendRegistry.open("rest:" + proxy.endpoint() + "/repo/", Map.of(), Map.of());
    }

    private long injected(Class<? extends Fault> kind) {
        return proxy.exchanges().stream().filter(e -> kind.isInstance(e.fault())).count();
    }

    @Test
    void backupAndRestoreSucceedThroughTransientFaults() throws Exception {
        Workload.init(throughProxy());
        Path source = Workload.sourceTree(scratch.resolve("src"), 3);

        proxy.plan(FaultPlan.first(2, r -> r.writes("data"), Fault.status(500, "Internal Server Error"))
                .then(FaultPlan.first(1, r -> r.writes("index"), Fault.status(503, "Service Unavailable")))
                .then(FaultPlan.first(1, r -> r.writes("snapshots"), Fault.loseResponse()))
                .then(FaultPlan.first(1, r -> r.reads("keys"), Fault.drop()))
                .then(FaultPlan.first(1, r -> r.kind().equals("list snapshots"), Fault.delay(Duration.ofMillis(200)))));
        try (Repository repo = Workload.open(throughProxy())) {
            Workload.backup(repo, source);
        }
        assertEquals(3, injected(Fault.Respond.class));
        assertEquals(1, injected(Fault.LoseResponse.class));
        assertEquals(1, injected(Fault.Drop.class));
        assertEquals(1, injected(Fault.Delay.class));

        proxy.clear();
        proxy.plan(FaultPlan.first(1, r -> r.reads("data") && r.rangeLength() > 100_000, Fault.truncate(1000))
                .then(FaultPlan.first(1, r -> r.reads("index"), Fault.status(503, "Service Unavailable")))
                .then(FaultPlan.first(1, r -> r.reads("snapshots"), Fault.drop())));
        RestoreResult result;
        try (Repository repo = Workload.open(throughProxy())) {
            result = Workload.restore(repo, scratch.resolve("out"), new RestoreListener() {
                @Override
                public void error(String location, Exception cause) {
                    throw new AssertionError(location + ": " + cause.getMessage(), cause);
                }
            });
        }
        assertEquals(0, result.errors());
        assertEquals(1, injected(Fault.Truncate.class));
        Workload.assertSameFiles(source, scratch.resolve("out").resolve(source.toString().substring(1)));

        RepositoryRoundTrip.Run check = RepositoryRoundTrip.restic(scratch, Map.of(),
                "-r", "rest:" + server.url() + "repo/", "check", "--read-data");
        assertEquals(0, check.exitCode(), check.output());
    }

    @Test
    void aForbiddenRequestIsNotRetried() throws IOException {
        Workload.init(throughProxy());
        proxy.clear();
        proxy.plan(FaultPlan.always(r -> r.kind().equals("config"), Fault.status(403, "Forbidden")));
        IOException e = assertThrows(IOException.class, () -> Workload.open(throughProxy()));
        assertInstanceOf(AccessDeniedException.class, e, e.toString());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("config"), e.getMessage());
        assertEquals(List.of(403), proxy.exchanges(r -> r.kind().equals("config")).stream()
                .map(FaultProxy.Exchange::status).toList());
    }
}
