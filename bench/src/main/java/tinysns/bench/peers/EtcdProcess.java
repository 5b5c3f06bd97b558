package tinysns.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tinysns.bench.harness.BenchOutput;

/**
 * One etcd member (Debian's {@code etcd-server}) on loopback: client and peer ports free a moment ago, its data in
 * {@code dataDir}, its log in the bench log directory. Stopped with SIGTERM, then killed.
 */
final class EtcdProcess implements AutoCloseable {

    /** Where the etcd binary is; bench.sh installs Debian's package when it is missing. */
    static final String BINARY_PROPERTY = "tinysns.bench.etcd";

    private final Process process;
    private final URI clientUrl;

    private EtcdProcess(Process process, URI clientUrl) {
        this.process = process;
        this.clientUrl = clientUrl;
    }

    static EtcdProcess start(Path dataDir) {
        String client = "http://127.0.0.1:" + FreePort.pick();
        String peer = "http://127.0.0.1:" + FreePort.pick();
        List<String> command = List.of(System.getProperty(BINARY_PROPERTY, "etcd"),
                "--name", "peers", "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "peers=" + peer, "--initial-cluster-state", "new",
                "--logger", "zap", "--log-level", "warn");
        Path log = BenchOutput.logDir().resolve("peers-etcd.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-etcd"));
            EtcdProcess etcd = new EtcdProcess(process, URI.create(client));
            etcd.awaitReady(log);
            return etcd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd (" + command.get(0) + "); see " + log, e);
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd ended early (exit " + process.exitValue() + "); see " + log);
            }
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(clientUrl.resolve("/v3/maintenance/status"))
                        .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleepBriefly();
        }
        close();
        throw new IllegalStateException("etcd did not become ready within 30 s; see " + log);
    }

    private static void sleepBriefly() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI clientUrl() {
        return clientUrl;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
