package tinysns.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.testing.Failures.failureOf;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Ping;
import tinysns.protocol.proto.Request;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.TimelineOpened;
import tinysns.testing.NoLeaks;

@ExtendWith(NoLeaks.class)
class RpcConnectionTest {

    private static final int SHUFFLED_REQUESTS = 10_000;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final List<Object[]> heldGetServers = new ArrayList<>();
    private final List<RequestContext> silentRequests = new CopyOnWriteArrayList<>();
    private RpcServer server;
    private RpcClient client;
    private RpcClient patientClient;

    @BeforeEach
    void start() throws Exception {
        RequestDispatcher dispatcher = RequestDispatcher.builder()
                // Holds every get-server until all have arrived, then answers them in a shuffled order.
                .on(BodyCase.GET_SERVER, (request, context) -> {
                    List<Object[]> batch = null;
                    synchronized (heldGetServers) {
                        heldGetServers.add(new Object[] {request, context});
                        if (heldGetServers.size() == SHUFFLED_REQUESTS) {
                            batch = new ArrayList<>(heldGetServers);
                        }
                    }
                    if (batch != null) {
                        Collections.shuffle(batch, new Random(7));
                        for (Object[] held : batch) {
                            int asked = ((Envelope) held[0]).getGetServer().getId();
                            ((RequestContext) held[1]).reply(Envelope.newBuilder()
                                    .setServerInfo(ServerInfo.newBuilder().setServerId(asked)).build());
                        }
                    }
                })
                .on(BodyCase.LIST_REGISTRY, (request, context) -> silentRequests.add(context))
                .on(BodyCase.FOLLOW, (request, context) ->
                        context.replyError(ErrorCode.INVALID_USERNAME, "user 99 does not exist"))
                .on(BodyCase.TIMELINE, (request, context) -> {
                    context.reply(Envelope.newBuilder().setTimelineOpened(TimelineOpened.getDefaultInstance()).build());
                    for (int i = 1; i <= 3; i++) {
                        context.push(Envelope.newBuilder().setTimelinePost(Message.newBuilder().setMsg("post " + i)).build());
                    }
                })
                .build();
        // The out-of-order test holds every request until all have arrived, so the in-flight cap must allow them all.
        RpcServerOptions options = RpcServerOptions.DEFAULT.withIoThreads(1)
                .withMaxInFlight(SHUFFLED_REQUESTS, SHUFFLED_REQUESTS / 2);
        server = RpcServer.start("127.0.0.1", 0, options, dispatcher);
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300)));
        // Patient in its keep-alive too: the server answers nothing while it holds the 10,000 requests, which on a
        // loaded machine can outlast the default 6 s keep-alive timeout; routing, not keep-alive, is tested here.
        patientClient = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(30))
                .withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        client.close();
        patientClient.close();
        server.close();
        timer.stop();
    }

    /** A connection whose requests wait long, so that a loaded machine cannot make a test time out by luck. */
    private RpcConnection connect() {
        return patientClient.connect("127.0.0.1", server.port()).join();
    }

    @Test
    void aClientWithATimerOfItsOwnServesRequestsAndStopsThatTimerOnClose() {
        RpcClient standalone = new RpcClient("own-timer-probe", RpcClientOptions.DEFAULT);
        RpcConnection connection = standalone.connect("127.0.0.1", server.port()).join();
        assertTrue(connection.call(Envelope.newBuilder().setPing(Ping.getDefaultInstance())).join().hasPong());
        assertTrue(threadNamed("own-timer-probe"), "the timer runs while the client is open");
        standalone.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !threadNamed("own-timer-probe"));
    }

    private static boolean threadNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
    }

    @Test
    void tenThousandConcurrentRequestsEachGetTheirOwnReplyWhenAnsweredOutOfOrder() {
        RpcConnection connection = patientClient.connect("127.0.0.1", server.port()).join();
        List<CompletableFuture<Envelope>> replies = new ArrayList<>();
        for (int i = 0; i < SHUFFLED_REQUESTS; i++) {
            replies.add(connection.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(i))));
        }
        for (int i = 0; i < SHUFFLED_REQUESTS; i++) {
            assertEquals(i, replies.get(i).join().getServerInfo().getServerId(), "reply routed to request " + i);
        }
        assertEquals(0, connection.pendingCount());
        connection.close();
    }

    @Test
    void aRequestWithNoReplyFailsWithTheTimeoutErrorAfterItsTimeout() {
        RpcConnection connection = client.connect("127.0.0.1", server.port()).join();
        long started = System.nanoTime();
        Throwable failure = failureOf(connection.call(Envelope.newBuilder().setListRegistry(
                tinysns.protocol.proto.ListRegistry.getDefaultInstance())));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertInstanceOf(RpcTimeoutException.class, failure);
        assertTrue(waitedMillis >= 300, "failed after " + waitedMillis + " ms, before its 300 ms timeout");
        assertTrue(failure.getMessage().contains("within 300 ms"), failure.getMessage());
        assertEquals(0, connection.pendingCount());
    }

    @Test
    void closingTheConnectionFailsEveryPendingRequestAtOnce() {
        RpcConnection connection = patientClient.connect("127.0.0.1", server.port()).join();
        List<CompletableFuture<Envelope>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(connection.call(Envelope.newBuilder().setListRegistry(
                    tinysns.protocol.proto.ListRegistry.getDefaultInstance())));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> silentRequests.size() == 50);
        long closedAt = System.nanoTime();
        server.close();
        for (CompletableFuture<Envelope> request : pending) {
            assertInstanceOf(ConnectionClosedException.class, failureOf(request));
        }
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - closedAt) < 5, "failed at once, not at the 30 s timeout");
        assertInstanceOf(ConnectionClosedException.class,
                failureOf(connection.call(Envelope.newBuilder().setLogin(Request.getDefaultInstance()))),
                "a request on a closed connection fails at once");
    }

    @Test
    void anErrorReplySurfacesAsTheTypedRemoteError() {
        RpcConnection connection = connect();
        Throwable failure = failureOf(connection.call(Envelope.newBuilder().setFollow(Request.newBuilder().addArguments("99"))));
        RemoteErrorException remote = assertInstanceOf(RemoteErrorException.class, failure);
        assertEquals(ErrorCode.INVALID_USERNAME, remote.code());
        assertEquals("user 99 does not exist", remote.remoteMessage());
        // Like every RpcException, it says which request to which address.
        assertEquals("request 1 to " + connection.remoteAddress() + " was refused: INVALID_USERNAME: user 99 does not exist",
                remote.getMessage());
    }

    @Test
    void anUnservedBodyGetsAnUnsupportedErrorAndTheConnectionStaysUsable() {
        RpcConnection connection = connect();
        RemoteErrorException remote = assertInstanceOf(RemoteErrorException.class,
                failureOf(connection.call(Envelope.newBuilder().setUnfollow(Request.getDefaultInstance()))));
        assertEquals(ErrorCode.UNSUPPORTED, remote.code());
        assertInstanceOf(RemoteErrorException.class,
                failureOf(connection.call(Envelope.newBuilder().setFollow(Request.getDefaultInstance()))));
        assertTrue(connection.isOpen());
    }

    @Test
    void pushesTiedToAStreamRequestReachItsListenerInOrder() {
        RpcConnection connection = connect();
        List<String> pushed = new CopyOnWriteArrayList<>();
        Envelope opened = connection.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()),
                push -> pushed.add(push.getTimelinePost().getMsg())).join();
        assertEquals(BodyCase.TIMELINE_OPENED, opened.getBodyCase());
        await().atMost(Duration.ofSeconds(5)).until(() -> pushed.size() == 3);
        assertEquals(List.of("post 1", "post 2", "post 3"), pushed);
    }

    @Test
    void connectingToAPortNobodyListensOnFails() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Throwable failure = failureOf(client.connect("127.0.0.1", port));
        assertInstanceOf(java.net.ConnectException.class, failure);
    }
}
