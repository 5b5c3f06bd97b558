package tinysns.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.testing.Failures.failureOf;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Ping;
import tinysns.protocol.proto.Request;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.TimelineOpened;
import tinysns.testing.NoLeaks;

/** Each configurable limit of the server, proved over real sockets. */
@ExtendWith(NoLeaks.class)
class ServerLimitsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final ExecutorService replier = Executors.newSingleThreadExecutor();
    private final RpcClient client = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(PATIENCE));
    private final Queue<RequestContext> heldTimelines = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RpcServer server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        client.close();
        if (server != null) {
            server.close();
        }
        replier.shutdownNow();
        timer.stop();
    }

    /** GET_SERVER is answered from another thread; TIMELINE requests are held until the test answers them. */
    private RpcServer start(RpcServerOptions options) throws Exception {
        RequestDispatcher dispatcher = RequestDispatcher.builder()
                .on(BodyCase.GET_SERVER, (request, context) -> replier.execute(() -> context.reply(Envelope.newBuilder()
                        .setServerInfo(ServerInfo.newBuilder().setServerId(request.getGetServer().getId())).build())))
                .on(BodyCase.TIMELINE, (request, context) -> heldTimelines.add(context))
                .build();
        server = RpcServer.start("127.0.0.1", 0, options.withIoThreads(1), timer, dispatcher);
        return server;
    }

    private RpcConnection connect() {
        return client.connect("127.0.0.1", server.port()).join();
    }

    private static Envelope.Builder getServer(int id) {
        return Envelope.newBuilder().setGetServer(ID.newBuilder().setId(id));
    }

    @Test
    void aConnectionOverTheCapIsRefusedWithAnOverloadedErrorAndClosedAtOnce() throws Exception {
        start(RpcServerOptions.DEFAULT.withMaxConnections(3));
        List<RpcConnection> admitted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            RpcConnection connection = connect();
            assertEquals(i, connection.call(getServer(i)).join().getServerInfo().getServerId());
            admitted.add(connection);
        }

        RpcConnection fourth = connect();
        fourth.closeFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        ConnectionClosedException refused = assertInstanceOf(ConnectionClosedException.class,
                failureOf(fourth.call(getServer(4))));
        assertTrue(refused.getMessage().contains("OVERLOADED") && refused.getMessage().contains("limit 3"),
                refused.getMessage());
        assertEquals(1, server.stats().refusedConnections());
        assertEquals(3, server.connectionCount());

        admitted.get(0).close();
        await().atMost(PATIENCE).until(() -> server.connectionCount() == 2);
        RpcConnection replacement = connect();
        assertEquals(5, replacement.call(getServer(5)).join().getServerInfo().getServerId(), "a freed slot is usable");
        for (RpcConnection c : admitted.subList(1, 3)) {
            assertTrue(c.call(getServer(6)).join().hasServerInfo(), "the admitted connections were never disturbed");
        }
    }

    @Test
    void aConnectionWithTheMaximumOfRequestsInFlightIsNotReadUntilRepliesGoOut() throws Exception {
        start(RpcServerOptions.DEFAULT.withMaxInFlight(4, 2));
        RpcConnection connection = connect();
        List<Envelope> pushed = new ArrayList<>();
        List<CompletableFuture<Envelope>> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(connection.openStream(Envelope.newBuilder().setTimeline(Request.newBuilder().setUsername("u" + i)),
                    push -> { synchronized (pushed) { pushed.add(push); } }));
        }
        await().atMost(PATIENCE).until(() -> heldTimelines.size() == 4 && server.stats().readingPaused() == 1);
        List<CompletableFuture<Envelope>> later = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            later.add(connection.call(getServer(i)));
        }

        // Pushes from another thread go out, and do not count as answers.
        replier.execute(() -> heldTimelines.forEach(held -> {
            for (int i = 0; i < 25; i++) {
                held.push(Envelope.newBuilder().setTimelinePost(Message.newBuilder().setMsg("post " + i)).build());
            }
        }));
        await().atMost(PATIENCE).until(() -> { synchronized (pushed) { return pushed.size() == 4 * 24; } });
        assertTrue(later.stream().noneMatch(CompletableFuture::isDone), "no request was served while four were unanswered");
        assertEquals(4, heldTimelines.size());
        assertEquals(0, server.stats().readingResumed());

        // Answers from another thread count, and reading resumes.
        replier.execute(() -> heldTimelines.forEach(held -> held.reply(Envelope.newBuilder()
                .setTimelineOpened(TimelineOpened.getDefaultInstance()).build())));
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, later.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS).getServerInfo().getServerId());
        }
        assertTrue(server.stats().readingResumed() >= 1);
        assertTrue(streams.stream().allMatch(CompletableFuture::isDone));
    }

    @Test
    void aFrameStartedAndNeverFinishedIsClosedAfterTheReadTimeoutWhileQuietConnectionsStayOpen() throws Exception {
        start(RpcServerOptions.DEFAULT.withPartialFrameTimeout(Duration.ofMillis(300)));
        Envelope ping = Envelope.newBuilder().setPing(Ping.getDefaultInstance()).build();
        try (RawSocket quiet = new RawSocket(server.port()); RawSocket between = new RawSocket(server.port());
             RawSocket stalled = new RawSocket(server.port())) {
            between.send(ping);
            assertEquals(BodyCase.PONG, between.receive().getBodyCase());

            long started = System.nanoTime();
            stalled.send(WireBytes.concat(WireBytes.prefix(100), new byte[10]));
            assertTrue(stalled.closedByServer(), "the stalled sender is disconnected");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waitedMillis >= 300, "closed after " + waitedMillis + " ms, before its 300 ms timeout");

            // Both connected before the stalled one sent anything, so a timeout of theirs would have come first.
            quiet.send(ping);
            assertEquals(BodyCase.PONG, quiet.receive().getBodyCase(), "a connection that never sent is not timed out");
            between.send(ping);
            assertEquals(BodyCase.PONG, between.receive().getBodyCase(), "a connection between frames is not timed out");
        }
    }

    @Test
    void aClientThatNeverReadsItsPushesCannotGrowTheServersBufferPastTheHighWaterMark() throws Exception {
        int high = 64 * 1024;
        start(RpcServerOptions.DEFAULT.withWriteBufferWaterMarks(32 * 1024, high));
        Envelope post = Envelope.newBuilder().setTimelinePost(Message.newBuilder().setMsg("p".repeat(1000))).build();
        EncodedBody encodedPost = EncodedBody.of(post);
        int pushBytes = 4 + post.toBuilder().setMessageId(1).build().getSerializedSize();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong maxPendingBytes = new AtomicLong();
        AtomicLong sent = new AtomicLong();

        try (RawSocket neverReads = new RawSocket(server.port(), 4096)) {
            neverReads.send(Envelope.newBuilder().setMessageId(1).setTimeline(Request.getDefaultInstance()).build());
            await().atMost(PATIENCE).until(() -> !heldTimelines.isEmpty());
            RequestContext stream = heldTimelines.peek();
            Channel channel = stream.channel();
            // Pushes as fast as the event loop can, measuring what waits in the server's outbound buffer.
            Runnable pusher = new Runnable() {
                @Override
                public void run() {
                    for (int i = 0; i < 64; i++) {
                        if (stream.pushIfWritable(encodedPost)) {
                            sent.incrementAndGet();
                        }
                        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
                        if (out != null) {
                            maxPendingBytes.accumulateAndGet(out.totalPendingWriteBytes(), Math::max);
                        }
                    }
                    if (!stop.get() && channel.isActive()) {
                        channel.eventLoop().execute(this);
                    }
                }
            };
            channel.eventLoop().execute(pusher);

            await().atMost(PATIENCE).until(() -> server.stats().droppedPushes() >= 1_000);
            assertTrue(maxPendingBytes.get() <= high + pushBytes,
                    "at most the high-water mark plus one push waited: " + maxPendingBytes.get() + " bytes");

            // Once the client reads, pushes flow again.
            long sentBeforeReading = sent.get();
            Thread reader = new Thread(neverReads::drain, "test-reader");
            reader.start();
            await().atMost(PATIENCE).until(() -> sent.get() >= sentBeforeReading + 1_000);
            stop.set(true);
            assertTrue(maxPendingBytes.get() <= high + pushBytes, maxPendingBytes.get() + " bytes");
            neverReads.close();
            reader.join(PATIENCE.toMillis());
            assertFalse(reader.isAlive());
        }
    }

    @Test
    void pushIfWritableSaysFalseOnAClosedConnectionWithoutCountingADrop() throws Exception {
        start(RpcServerOptions.DEFAULT);
        RpcConnection connection = connect();
        connection.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()), push -> { });
        await().atMost(PATIENCE).until(() -> !heldTimelines.isEmpty());
        RequestContext stream = heldTimelines.peek();
        connection.close();
        await().atMost(PATIENCE).until(() -> !stream.channel().isActive());
        assertFalse(stream.pushIfWritable(EncodedBody.of(Envelope.newBuilder().setTimelinePost(Message.getDefaultInstance()).build())));
        assertEquals(0, server.stats().droppedPushes());
    }
}
