package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;
import tinysns.server.FakeCoordinator;

/**
 * Crash durability of tsd.sh: twenty times, a burst of posts, follows and unfollows from several users is cut by
 * kill -9 at a random moment; the server is restarted on the same files, and every change a client was told
 * succeeded is there, in the order sent, with no torn record left behind. (A kill -9 cannot tear a write, which is
 * one system call; every fifth round the test leaves torn tails itself, as a power cut would.)
 */
@Order(3) // among the longest classes: started first (see the failsafe configuration in pom.xml)
class CrashDurabilityIT {

    private static final int ROUNDS = 20;
    private static final int USERS = 4;
    private static final int FIRST_TARGET = 101;
    private static final int TARGETS = 120;

    @TempDir
    Path work;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(20)));
    private Roles roles;
    private FakeCoordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        roles = new Roles(work);
        coordinator = FakeCoordinator.start();
    }

    @AfterEach
    void stop() {
        roles.close();
        rpc.close();
        coordinator.close();
        timer.stop();
    }

    @Test
    void everyAcknowledgedChangeSurvivesTwentyKillNinesInOrderWithNoTornRecords() throws Exception {
        int port = FreePorts.next();
        Path data = work.resolve("server_1_1");
        List<Integer> targets = IntStream.range(FIRST_TARGET, FIRST_TARGET + TARGETS).boxed().toList();
        List<ClientBurst> bursts = new ArrayList<>();
        for (int user = 1; user <= USERS; user++) {
            bursts.add(new ClientBurst(user, targets, seed + user));
        }
        int totalAcknowledged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ScriptProcess server = startServer(port);
            checkStored(StoredFiles.read(data), bursts, "after restart " + round + " (seed " + seed + ")");
            if (round == 0) {
                // The users to follow exist from now on.
                targets.stream().map(target -> loginAsync(port, target)).toList()
                        .forEach(login -> login.join().close());
            }
            AtomicInteger acknowledged = new AtomicInteger();
            for (ClientBurst burst : bursts) {
                burst.run(login(port, burst.user()), round, acknowledged);
            }
            int killAfter = 1 + random.nextInt(200);
            await("acknowledgements before the kill").atMost(Duration.ofSeconds(30))
                    .until(() -> acknowledged.get() >= killAfter);
            server.kill();
            assertEquals(137, server.awaitExit(Duration.ofSeconds(10)), "killed by SIGKILL");
            totalAcknowledged += acknowledged.get();
            if (round % 5 == 4) {
                leaveTornTails(data); // as a power cut in the middle of a write would
            }
        }
        startServer(port);
        StoredFiles last = StoredFiles.read(data);
        checkStored(last, bursts, "at the end (seed " + seed + ")");
        for (ClientBurst burst : bursts) {
            assertEquals(List.of(), burst.unexpectedFailures(), "user " + burst.user());
        }
        assertTrue(totalAcknowledged >= ROUNDS, "acknowledged " + totalAcknowledged);
        assertEquals(USERS + TARGETS, last.users.size(), "every user once: " + last.users);
    }

    private ScriptProcess startServer(int port) {
        ScriptProcess server = roles.server(Map.of(), 1, coordinator.port(), port);
        server.awaitStderr(Pattern.compile("listening on 127\\.0\\.0\\.1:" + port), ScriptProcess.STARTUP);
        return server;
    }

    private RpcConnection login(int port, int user) {
        return loginAsync(port, user).join();
    }

    private CompletableFuture<RpcConnection> loginAsync(int port, int user) {
        return rpc.connect("127.0.0.1", port).thenCompose(connection -> connection
                .call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user))))
                .thenApply(reply -> connection));
    }

    /** Half a line or record at the end of each file: what a crash in the middle of a write leaves. */
    private static void leaveTornTails(Path data) throws IOException {
        Files.writeString(data.resolve("users.txt"), "10", StandardOpenOption.APPEND);
        Files.writeString(data.resolve("following.txt"), "2024-02-01 23:47:25 1 follo", StandardOpenOption.APPEND);
        Files.writeString(data.resolve("posts.txt"), "T 2024-02-01 23:47:25\nU 1\nW torn", StandardOpenOption.APPEND);
    }

    private static void checkStored(StoredFiles stored, List<ClientBurst> bursts, String when) {
        for (ClientBurst burst : bursts) {
            try {
                burst.checkPosts(stored.postsByAuthor.getOrDefault(burst.user(), List.of()));
                burst.checkChanges(stored.changesByFollower.getOrDefault(burst.user(), List.of()));
            } catch (AssertionError e) {
                throw new AssertionError(when + ": " + e.getMessage(), e);
            }
        }
    }
}
