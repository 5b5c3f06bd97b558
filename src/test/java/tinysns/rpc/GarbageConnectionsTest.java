package tinysns.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ServerInfo;
import tinysns.testing.NoLeaks;

/** Thousands of garbage connections against a running server, while a well-behaved client keeps being served. */
@ExtendWith(NoLeaks.class)
class GarbageConnectionsTest {

    private static final int GARBAGE_THREADS = 4;
    private static final int CONNECTIONS_PER_THREAD = 750;
    private static final WireLimits LIMITS = new WireLimits(16 * 1024);

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final ExecutorService attackers = Executors.newFixedThreadPool(GARBAGE_THREADS);
    private RpcServer server;
    private RpcClient client;

    @BeforeEach
    void start() throws IOException {
        RequestDispatcher dispatcher = RequestDispatcher.builder()
                .on(BodyCase.GET_SERVER, (request, context) -> context.reply(Envelope.newBuilder()
                        .setServerInfo(ServerInfo.newBuilder().setServerId(request.getGetServer().getId())).build()))
                .build();
        RpcServerOptions options = RpcServerOptions.DEFAULT.withIoThreads(2).withLimits(LIMITS)
                .withPartialFrameTimeout(Duration.ofMillis(200));
        server = RpcServer.start("127.0.0.1", 0, options, timer, dispatcher);
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(20)));
    }

    @AfterEach
    void stop() {
        attackers.shutdownNow();
        client.close();
        server.close();
        timer.stop();
    }

    @Test
    void threeThousandGarbageConnectionsAreEachClosedWhileAWellBehavedClientIsServedThroughout() throws Exception {
        RpcConnection good = client.connect("127.0.0.1", server.port()).join();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refusedByServer = new AtomicInteger();
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < GARBAGE_THREADS; t++) {
            long seed = 1_000 + t;
            runs.add(attackers.submit(() -> {
                FuzzInputs inputs = new FuzzInputs(seed, LIMITS.maxFrameBytes(), false);
                Random random = inputs.random();
                for (int i = 0; i < CONNECTIONS_PER_THREAD; i++) {
                    FuzzInputs.Case garbage = inputs.next();
                    FrameModel.Outcome outcome = FrameModel.expect(garbage.bytes(), LIMITS.maxFrameBytes()).outcome();
                    try (RawSocket socket = new RawSocket(server.port())) {
                        socket.send(garbage.bytes());
                        // Wait for the server's verdict on bad input, and on a tenth of the unfinished frames (each waits out the timeout).
                        if (outcome == FrameModel.Outcome.CLOSED
                                || (outcome == FrameModel.Outcome.OPEN_MID_FRAME && random.nextInt(10) == 0)) {
                            assertTrue(socket.closedByServer(), "the server closes a connection after " + garbage.kind());
                            refusedByServer.incrementAndGet();
                        }
                    } catch (IOException e) {
                        refusedByServer.incrementAndGet(); // reset while sending: the server had already closed it
                    }
                    if (i % 50 == 0) {
                        int id = (int) seed * 10_000 + i;
                        Envelope reply = good.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(id))).join();
                        assertEquals(id, reply.getServerInfo().getServerId(), "the good client is served during the attack");
                        served.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(5, TimeUnit.MINUTES);
        }
        assertEquals(GARBAGE_THREADS * (CONNECTIONS_PER_THREAD / 50), served.get());
        assertTrue(refusedByServer.get() > CONNECTIONS_PER_THREAD, "the server closed " + refusedByServer.get() + " connections");
        assertTrue(good.isOpen());
        await().atMost(Duration.ofSeconds(20)).until(() -> server.connectionCount() == 1);
        assertEquals(7, good.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(7))).join()
                .getServerInfo().getServerId());
    }
}
