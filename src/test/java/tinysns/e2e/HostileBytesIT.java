package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Request;
import tinysns.rpc.FrameModel;
import tinysns.rpc.FuzzInputs;
import tinysns.rpc.RawSocket;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Hostile bytes against the running processes (coordinator.sh with its dashboard, tsd.sh), over real sockets:
 * thousands of garbage connections and a hundred thousand random bytes at each port, while a well-behaved client
 * is served throughout; and a stray server without the registration secret. The client side's decoding (tsc) is
 * fuzzed in memory by {@code WireFuzzTest}: a client only ever connects to servers it was sent to.
 */
class HostileBytesIT {

    private static final String SECRET = "tinysns-hostile-bytes-it-secret-7f3a";
    private static final int ATTACKERS = 4;
    private static final int CONNECTIONS_PER_ATTACKER = 750;
    private static final int MAX_FRAME = WireLimits.DEFAULT.maxFrameBytes();

    @TempDir
    static Path work;

    private static Roles roles;
    private static Roles.Running coordinator;
    private static ScriptProcess server;
    private static int serverPort;
    private static int dashboardPort;
    private static HashedWheelTimer timer;
    private static RpcClient rpc;

    @BeforeAll
    static void startTheSystem() throws IOException {
        roles = new Roles(work);
        dashboardPort = FreePorts.next();
        coordinator = roles.coordinator(Map.of("TINYSNS_SECRET", SECRET),
                "--http-port", Integer.toString(dashboardPort));
        Path secretFile = Files.writeString(work.resolve("secret"), SECRET + "\n");
        serverPort = FreePorts.next();
        server = roles.registeredServer(Map.of(), 1, coordinator.port(), serverPort, "--secret-file", secretFile.toString());
        timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
        rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stopTheSystem() {
        if (rpc != null) {
            rpc.close();
            timer.stop();
        }
        roles.close();
    }

    /** A user logged in to the server: the well-behaved client. */
    private static RpcConnection loggedIn(int user) {
        RpcConnection connection = rpc.connect("127.0.0.1", serverPort).join();
        connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user)))).join();
        return connection;
    }

    private static void assertServed(RpcConnection user, CoordinatorClient coordinatorClient, int clientId) {
        assertEquals(serverPort, coordinatorClient.getServer(clientId).join().getPort(), "the coordinator assigns");
        assertTrue(user.call(Envelope.newBuilder().setList(Request.getDefaultInstance())).join().hasListReply(),
                "the server lists");
    }

    @Test
    void thousandsOfGarbageConnectionsAreEachClosedWhileAWellBehavedClientIsServedThroughout() throws Exception {
        RpcConnection user = loggedIn(1);
        CoordinatorClient coordinatorClient = CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).join();
        AtomicInteger closedByServer = new AtomicInteger();
        AtomicInteger servedDuringAttack = new AtomicInteger();
        ExecutorService attackers = Executors.newFixedThreadPool(ATTACKERS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < ATTACKERS; t++) {
                long seed = 8_000 + t;
                runs.add(attackers.submit(() -> {
                    FuzzInputs inputs = new FuzzInputs(seed, MAX_FRAME, false);
                    for (int i = 0; i < CONNECTIONS_PER_ATTACKER; i++) {
                        int port = i % 2 == 0 ? coordinator.port() : serverPort;
                        if (attack(port, inputs.next())) {
                            closedByServer.incrementAndGet();
                        }
                        if (i % 50 == 0) {
                            assertServed(user, coordinatorClient, 1 + 3 * i);
                            servedDuringAttack.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(5, TimeUnit.MINUTES);
            }
        } finally {
            attackers.shutdownNow();
        }
        assertEquals(ATTACKERS * CONNECTIONS_PER_ATTACKER / 50, servedDuringAttack.get());
        assertTrue(closedByServer.get() > CONNECTIONS_PER_ATTACKER, "closed by the processes: " + closedByServer.get());
        assertTrue(user.isOpen(), "the well-behaved connection survived the attack");
        assertStillServing();
        coordinatorClient.close();
        user.close();
    }

    /**
     * Sends one garbage stream. When the contract says the connection must be closed, waits for the process to
     * close it (failing the test if it does not); otherwise hangs up. Returns whether the process closed it.
     */
    private static boolean attack(int port, FuzzInputs.Case garbage) throws IOException {
        boolean mustClose = FrameModel.expect(garbage.bytes(), MAX_FRAME).outcome() == FrameModel.Outcome.CLOSED;
        try (RawSocket socket = new RawSocket(port)) {
            socket.send(garbage.bytes());
            if (mustClose) {
                assertTrue(socket.closedByServer(), "port " + port + " closes a connection after " + garbage.kind());
            }
            return mustClose;
        } catch (IOException resetWhileSending) {
            return true; // the process had already closed it
        }
    }

    @Test
    void aHundredThousandRandomBytesAtEachPortLeaveEveryProcessServing() throws Exception {
        Random random = new Random(42);
        for (int port : new int[] {coordinator.port(), serverPort, dashboardPort}) {
            for (int round = 0; round < 3; round++) {
                byte[] junk = new byte[100_000];
                random.nextBytes(junk);
                try (RawSocket socket = new RawSocket(port)) {
                    socket.send(junk);
                    socket.drain();
                } catch (IOException resetWhileSending) {
                    // closed by the process before it had read it all: as it should
                }
            }
        }
        assertStillServing();
    }

    @Test
    void aServerWithoutTheRegistrationSecretIsRefusedAndTheSecretIsNeverLoggedOrEchoed() {
        ScriptProcess stray = roles.server(Map.of(), 2, coordinator.port(), FreePorts.next());
        assertEquals(1, stray.awaitExit(ScriptProcess.STARTUP), String.join("\n", stray.stderr()));
        assertTrue(stray.stderr().stream().anyMatch(line -> line.contains("UNAUTHENTICATED")), stray.stderr().toString());
        CoordinatorClient coordinatorClient = CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).join();
        assertEquals(1, coordinatorClient.listRegistry().join().getEntriesCount(), "only the server with the secret");

        ScriptProcess help = roles.start(Map.of("TINYSNS_SECRET", SECRET), "scripts/coordinator.sh", List.of("--help"));
        assertEquals(0, help.awaitExit(ScriptProcess.STARTUP));
        for (ScriptProcess process : List.of(coordinator.process(), server, stray, help)) {
            List<String> output = new ArrayList<>(process.stderr());
            output.addAll(process.stdout());
            assertTrue(output.stream().noneMatch(line -> line.contains(SECRET)), "the secret shows in " + output);
        }
        coordinatorClient.close();
    }

    /** Both processes alive, a new user can log in and be assigned, and the dashboard answers. */
    private static void assertStillServing() throws Exception {
        assertTrue(coordinator.process().isAlive() && server.isAlive());
        RpcConnection newcomer = loggedIn(2 + new Random().nextInt(1_000_000) * 3);
        CoordinatorClient coordinatorClient = CoordinatorClient.connect(rpc, "127.0.0.1", coordinator.port()).join();
        assertServed(newcomer, coordinatorClient, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinatorClient.listRegistry().join().getEntries(0).getAlive());
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        newcomer.close();
        coordinatorClient.close();
    }
}
