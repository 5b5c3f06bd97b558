package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * SIGTERM stops every role cleanly: the client, a server in the middle of a stream of posts (every request it
 * received is answered, every answered change is on disk, its files are whole, its goodbye shows in the
 * coordinator's log), and the coordinator; each exits 0.
 */
class GracefulStopIT {

    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final int WRITERS = 8;

    @TempDir
    Path work;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(20)));
    private Roles roles;

    @AfterEach
    void stop() {
        roles.close();
        rpc.close();
        timer.stop();
    }

    /** One user posting one post at a time, so every request it sent has been read by the server. */
    private static final class Writer {
        final int user;
        final RpcConnection connection;
        final List<String> acknowledged = new ArrayList<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        int next;

        Writer(int user, RpcConnection connection) {
            this.user = user;
            this.connection = connection;
        }

        void postNext(AtomicInteger total) {
            String text = "user " + user + " post " + next++;
            connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text))).whenComplete((ok, failure) -> {
                if (failure != null) {
                    stopped.complete(null);
                    return;
                }
                synchronized (this) {
                    acknowledged.add(text);
                }
                total.incrementAndGet();
                postNext(total);
            });
        }
    }

    @Test
    void everyRoleStopsOnSigtermWithExitZeroAnsweringWhatItReceived() throws Exception {
        roles = new Roles(work);
        Roles.Running coordinator = roles.coordinator(Map.of());
        int port = FreePorts.next();
        ScriptProcess server = roles.registeredServer(Map.of(), 1, coordinator.port(), port);

        ScriptProcess client = roles.start(Map.of(), "scripts/tsc.sh",
                List.of("-h", "127.0.0.1", "-k", Integer.toString(coordinator.port()), "-u", "100"));
        client.awaitStdout(Pattern.compile("^=====================================$"), ScriptProcess.STARTUP);
        client.terminate();
        assertEquals(0, client.awaitExit(EXIT), "tsc on SIGTERM");

        AtomicInteger acknowledged = new AtomicInteger();
        List<Writer> writers = new ArrayList<>();
        for (int user = 1; user <= WRITERS; user++) {
            RpcConnection connection = rpc.connect("127.0.0.1", port).join();
            connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user)))).join();
            writers.add(new Writer(user, connection));
        }
        writers.forEach(writer -> writer.postNext(acknowledged));
        await().atMost(EXIT).until(() -> acknowledged.get() >= 200);
        server.terminate();
        assertEquals(0, server.awaitExit(EXIT), "tsd on SIGTERM");
        assertTrue(server.stderr().stream().anyMatch(line -> line.contains("ServerCommand - stopped")), server.stderr().toString());
        coordinator.process().awaitStderr(
                Pattern.compile("cluster 1 server 1 at 127\\.0\\.0\\.1:" + port + " is stopping cleanly"), EXIT);
        writers.forEach(writer -> writer.stopped.join());

        ScriptProcess restarted = roles.registeredServer(Map.of(), 1, coordinator.port(), port);
        StoredFiles stored = StoredFiles.read(work.resolve("server_1_1"));
        for (Writer writer : writers) {
            synchronized (writer) {
                assertEquals(writer.acknowledged, stored.postsByAuthor.getOrDefault(writer.user, List.of()),
                        "user " + writer.user + ": stored exactly what was acknowledged, in order");
            }
        }
        assertTrue(restarted.stderr().stream().noneMatch(line -> line.contains("torn")), restarted.stderr().toString());

        coordinator.process().terminate();
        assertEquals(0, coordinator.process().awaitExit(EXIT), "coordinator on SIGTERM");
        assertTrue(coordinator.process().stderr().stream().anyMatch(line -> line.endsWith("coordinator - stopped")),
                coordinator.process().stderr().toString());
        restarted.awaitStderr(Pattern.compile("cannot reach coordinator"), EXIT);
        assertTrue(restarted.isAlive(), "a server outlives its coordinator");
    }
}
