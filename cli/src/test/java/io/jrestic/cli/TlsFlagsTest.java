package io.jrestic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.backend.rest.RcloneRestServer;
import io.jrestic.backend.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic's global TLS flags --cacert, --tls-client-cert and --insecure-tls reach the backend: jrestic against
 * {@code rclone serve restic} over https, with openssl-made certificates.
 */
class TlsFlagsTest {
    @TempDir
    Path tmp;

    private CliRun cli() {
        return new CliRun().env("RESTIC_PASSWORD", "secret");
    }

    @Test
    void aPrivateCaAndAClientCertificateFromFlagsOrVariablesReachAServerThatDemandsThem() throws Exception {
        TestCertificates certificates = TestCertificates.make(tmp);
        String ca = certificates.caCertificate().toString();
        String client = certificates.clientCertificateAndKey().toString();
        Files.writeString(tmp.resolve("file.txt"), "over https\n");
        try (RcloneRestServer server = RcloneRestServer.start(Files.createDirectories(tmp.resolve("served")),
                "--cert", certificates.serverCertificate().toString(), "--key", certificates.serverKey().toString(),
                "--client-ca", ca)) {
            String repo = "rest:" + server.url() + "repo/";
            CliRun.Result init = cli().run("-r", repo, "--cacert", ca, "--tls-client-cert", client, "init");
            assertEquals(0, init.exitCode(), init.err());
            // The flags after the command, --cacert repeated and in the --name=value form.
            CliRun.Result backup = cli().run("-r", repo, "backup", "--cacert", certificates.selfSignedCertificate()
                    .toString(), "--cacert=" + ca, "--tls-client-cert=" + client, tmp.resolve("file.txt").toString());
            assertEquals(0, backup.exitCode(), backup.err());
            CliRun.Result fromVariables = cli().env("RESTIC_CACERT", ca).env("RESTIC_TLS_CLIENT_CERT", client)
                    .run("-r", repo, "snapshots", "--json");
            assertEquals(0, fromVariables.exitCode(), fromVariables.err());
            assertTrue(fromVariables.out().contains("\"paths\""), fromVariables.out());

            // A flag overrides its variable; without the CA the server is not trusted, at once.
            CliRun.Result untrusted = cli().env("RESTIC_CACERT", ca)
                    .run("-r", repo, "--cacert", certificates.selfSignedCertificate().toString(),
                            "--tls-client-cert", client, "snapshots");
            assertEquals(ExitCode.FAILURE, untrusted.exitCode(), untrusted.err());
            assertEquals(1, untrusted.errLines().length, untrusted.err());
            assertTrue(untrusted.err().contains("TLS handshake"), untrusted.err());
        }
    }

    @Test
    void insecureTlsAcceptsASelfSignedServerButOnlyThroughTheFlag() throws Exception {
        TestCertificates certificates = TestCertificates.make(tmp);
        try (RcloneRestServer server = RcloneRestServer.start(Files.createDirectories(tmp.resolve("served")),
                "--cert", certificates.selfSignedCertificate().toString(),
                "--key", certificates.selfSignedKey().toString())) {
            String repo = "rest:" + server.url() + "repo/";
            CliRun.Result init = cli().run("-r", repo, "--insecure-tls", "init");
            assertEquals(0, init.exitCode(), init.err());
            CliRun.Result snapshots = cli().run("-r", repo, "snapshots", "--insecure-tls");
            assertEquals(0, snapshots.exitCode(), snapshots.err());

            CliRun.Result inherited = cli().env("JRESTIC_INSECURE_TLS", "true").run("-r", repo, "snapshots");
            assertEquals(ExitCode.FAILURE, inherited.exitCode(), inherited.err());
            assertTrue(inherited.err().contains("TLS handshake"), inherited.err());
        }
    }

    @Test
    void anUnusableCertificateFileIsOneFatalLine() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
        String repo = "rest:https://127.0.0.1:1/repo/";
        CliRun.Result noCa = cli().run("-r", repo, "--cacert", missing.toString(), "snapshots");
        assertEquals(ExitCode.FAILURE, noCa.exitCode());
        assertEquals("Fatal: unable to read root certificate: " + missing + ": no such file or directory",
                noCa.err().strip());
        CliRun.Result badClient = cli().run("-r", repo, "--tls-client-cert", garbage.toString(), "snapshots");
        assertEquals(ExitCode.FAILURE, badClient.exitCode());
        assertEquals(1, badClient.errLines().length, badClient.err());
        assertTrue(badClient.err().startsWith("Fatal: parse TLS client cert or key: " + garbage), badClient.err());
    }
}
