package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;
import tinysns.server.FakeCoordinator;

/** scripts/tsd.sh as a real process: kill -9 loses nothing acknowledged, SIGTERM exits 0, failures exit 1. */
class ServerProcessIT {

    private static final Path HOME = Path.of(System.getProperty("tinysns.home", "."));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final List<Tsd> processes = new ArrayList<>();
    private FakeCoordinator coordinator;
    private RpcClient client;

    /** One tsd process, its output in a file of the working directory. Small on purpose; private to this test. */
    private static final class Tsd {
        final Process process;
        final Path log;

        Tsd(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        String output() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("tsd did not exit; its output:\n" + output());
            }
            return process.exitValue();
        }
    }

    @BeforeEach
    void start() throws Exception {
        coordinator = FakeCoordinator.start();
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() throws Exception {
        for (Tsd tsd : processes) {
            tsd.process.destroyForcibly();
            tsd.process.waitFor(10, TimeUnit.SECONDS);
        }
        client.close();
        coordinator.close();
        timer.stop();
    }

    private Tsd tsd(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("scripts/tsd.sh").toString());
        command.addAll(List.of(args));
        Path log = work.resolve("tsd-" + processes.size() + ".log");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Tsd tsd = new Tsd(process, log);
        processes.add(tsd);
        return tsd;
    }

    private Tsd tsdRegistered(int cluster, int port) throws Exception {
        int before = heartbeatsFor(cluster, port);
        Tsd tsd = tsd("-c", Integer.toString(cluster), "-s", "1", "-h", "127.0.0.1",
                "-k", Integer.toString(coordinator.port()), "-p", Integer.toString(port), "--heartbeat-interval", "0.2");
        await().atMost(START_TIMEOUT).until(() -> !tsd.process.isAlive() || heartbeatsFor(cluster, port) > before);
        assertTrue(tsd.process.isAlive(), "tsd died at start:\n" + tsd.output());
        return tsd;
    }

    private int heartbeatsFor(int cluster, int port) {
        return (int) coordinator.heartbeats().stream()
                .filter(h -> h.getClusterId() == cluster && h.getServerInfo().getPort() == port).count();
    }

    private RpcConnection login(int port, int user) {
        RpcConnection connection = client.connect("127.0.0.1", port).join();
        connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user)))).join();
        return connection;
    }

    private static CompletableFuture<Envelope> follow(RpcConnection c, boolean follow, int user) {
        Request request = Request.newBuilder().addArguments(Integer.toString(user)).build();
        return c.call(follow ? Envelope.newBuilder().setFollow(request) : Envelope.newBuilder().setUnfollow(request));
    }

    private static CompletableFuture<Envelope> post(RpcConnection c, String text) {
        return c.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text)));
    }

    private static ListReply list(RpcConnection c) {
        return c.call(Envelope.newBuilder().setList(Request.getDefaultInstance())).join().getListReply();
    }

    @Test
    void afterKillNineAndARestartEveryAcknowledgedChangeIsThere() throws Exception {
        int port = FreePorts.next();
        Tsd first = tsdRegistered(1, port);
        RpcConnection one = login(port, 1);
        RpcConnection two = login(port, 2);
        RpcConnection three = login(port, 3);
        follow(one, true, 2).join();
        follow(one, true, 3).join();
        follow(three, true, 2).join();
        follow(three, false, 2).join();
        // Many posts in flight when the process dies: only those acknowledged must survive.
        List<CompletableFuture<Envelope>> posts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String text = "post " + i + " from " + (i % 2 == 0 ? 2 : 3);
            texts.add(text);
            posts.add(post(i % 2 == 0 ? two : three, text));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> posts.stream().filter(CompletableFuture::isDone).count() >= 100);
        first.process.destroyForcibly();
        assertEquals(137, first.awaitExit(), "killed by SIGKILL");
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            if (posts.get(i).handle((reply, failure) -> failure == null).join()) {
                acknowledged.add(texts.get(i));
            }
        }
        assertTrue(acknowledged.size() >= 100, "acknowledged " + acknowledged.size());

        tsdRegistered(1, port);
        RpcConnection oneAgain = login(port, 1);
        RpcConnection twoAgain = login(port, 2);
        assertEquals(List.of("1", "2", "3"), list(oneAgain).getAllUsersList());
        assertEquals(List.of("1"), list(twoAgain).getFollowersList(), "1 follows 2; 3 unfollowed 2");
        assertEquals(ErrorCode.ALREADY_EXISTS, errorOf(follow(oneAgain, true, 3)), "1 still follows 3");
        String stored = Files.readString(work.resolve("server_1_1/posts.txt"));
        for (String text : acknowledged) {
            assertTrue(stored.contains("\nW " + text + "\n\n"), "lost acknowledged post '" + text + "'");
        }
        List<Message> recent = oneAgain.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()), push -> { })
                .join().getTimelineOpened().getRecentList();
        // Hundreds of posts within a few seconds: the 20 newest are the file's last 20 records, last first.
        List<String> fileOrder = stored.lines().filter(l -> l.startsWith("W ")).map(l -> l.substring(2)).toList();
        List<String> newestStored = new ArrayList<>(fileOrder.subList(fileOrder.size() - 20, fileOrder.size()));
        Collections.reverse(newestStored);
        assertEquals(newestStored, recent.stream().map(Message::getMsg).toList());
    }

    @Test
    void sigtermStopsTheServerWithExitZero() throws Exception {
        int port = FreePorts.next();
        Tsd tsd = tsdRegistered(1, port);
        login(port, 5);
        tsd.process.destroy();
        assertEquals(0, tsd.awaitExit(), tsd.output());
        assertTrue(tsd.output().contains("stopping on SIGTERM"), tsd.output());
    }

    @Test
    void aRejectedHeartbeatEndsTheProcessWithExitOne() throws Exception {
        coordinator.rejectWith(ErrorCode.SLOT_TAKEN);
        Tsd tsd = tsd("-h", "127.0.0.1", "-k", Integer.toString(coordinator.port()), "-p", Integer.toString(FreePorts.next()));
        assertEquals(1, tsd.awaitExit(), tsd.output());
        assertTrue(tsd.output().contains("rejected the heartbeat of cluster 1 server 1"), tsd.output());
        assertTrue(tsd.output().contains("SLOT_TAKEN"), tsd.output());
    }

    @Test
    void aPortInUseIsOneLineNamingItAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Tsd tsd = tsd("-k", Integer.toString(coordinator.port()), "-p", Integer.toString(port));
            assertEquals(1, tsd.awaitExit(), tsd.output());
            String[] lines = tsd.output().strip().split("\n");
            assertEquals("tsd: port " + port + " on 0.0.0.0 is already in use", lines[lines.length - 1]);
            assertTrue(!tsd.output().contains("Exception"), tsd.output());
        }
    }

    @Test
    void twoServersOfClustersOneAndTwoRunFromOneFolderWithTheirOwnFiles() throws Exception {
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        Tsd one = tsdRegistered(1, port1);
        Tsd two = tsdRegistered(2, port2);
        login(port1, 1);
        login(port2, 2);
        assertEquals("1\n", Files.readString(work.resolve("server_1_1/users.txt")));
        assertEquals("2\n", Files.readString(work.resolve("server_2_1/users.txt")));
        one.process.destroy();
        two.process.destroy();
        assertEquals(0, one.awaitExit(), one.output());
        assertEquals(0, two.awaitExit(), two.output());
    }

    private static ErrorCode errorOf(CompletableFuture<Envelope> reply) {
        try {
            throw new AssertionError("expected an error, got " + reply.join());
        } catch (java.util.concurrent.CompletionException e) {
            return ((tinysns.rpc.RemoteErrorException) e.getCause()).code();
        }
    }
}
