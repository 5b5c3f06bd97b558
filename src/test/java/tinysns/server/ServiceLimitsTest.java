package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.ErrorCode;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.NoLeaks;

/** The tsd's configurable limits, through real connections: post length, idle logins, connections. */
@ExtendWith(NoLeaks.class)
class ServiceLimitsTest {

    @TempDir
    Path dir;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    /** Sends nothing unless asked: a client that vanished without closing looks like this to the server. */
    private final RpcClient silent = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive());
    private final RpcClient pinging = new RpcClient(timer,
            RpcClientOptions.DEFAULT.withKeepAlive(Duration.ofMillis(50), Duration.ofSeconds(5)));
    private SnsServer server;

    @AfterEach
    void stop() {
        silent.close();
        pinging.close();
        if (server != null) {
            server.close();
        }
        timer.stop();
    }

    private void start(ServiceLimits limits) throws Exception {
        server = SnsServer.start(SnsServerOptions.forTests(dir).withServiceLimits(limits), timer);
    }

    @Test
    void aPostOverTheConfiguredLengthIsRefusedNamingTheLimitAndNothingIsStored() throws Exception {
        start(ServiceLimits.DEFAULT.withMaxPostLength(10));
        SnsConnection author = SnsConnection.loggedIn(silent, server.port(), 1);
        RemoteErrorException refused = assertInstanceOf(RemoteErrorException.class,
                assertThrows(CompletionException.class, () -> author.post("x".repeat(11)).join()).getCause());
        assertEquals(ErrorCode.TOO_LARGE, refused.code());
        assertEquals("longer than 10 characters (this one has 11)", refused.remoteMessage());
        assertEquals("", Files.readString(dir.resolve(SnsFiles.POSTS)));
        author.post("x".repeat(10)).join();
        assertTrue(Files.readString(dir.resolve(SnsFiles.POSTS)).contains("W xxxxxxxxxx\n"));
    }

    @Test
    void aVanishedClientsLoginEndsAfterTheIdleTimeoutSoTheUserCanLogInAgain() throws Exception {
        start(ServiceLimits.DEFAULT.withIdleTimeout(Duration.ofMillis(300)));
        SnsConnection vanished = SnsConnection.loggedIn(silent, server.port(), 1);
        SnsConnection again = SnsConnection.open(pinging, server.port());
        assertEquals(ErrorCode.ALREADY_LOGGED_IN, SnsConnection.errorOf(again.login(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> again.login(1).handle((ok, failure) -> failure == null).join());
        vanished.close();
    }

    @Test
    void aClientThatPingsIsNeverClosedForBeingIdle() throws Exception {
        start(ServiceLimits.DEFAULT.withIdleTimeout(Duration.ofMillis(300)));
        SnsConnection user = SnsConnection.loggedIn(pinging, server.port(), 1);
        SnsConnection rival = SnsConnection.open(pinging, server.port());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> SnsConnection.errorOf(rival.login(1)) == ErrorCode.ALREADY_LOGGED_IN);
        user.list().join();
    }

    /**
     * A client in timeline mode only reads while its followees post; it must still tell the server it is there, or
     * the server takes it for gone (the keep-alive pings when this side has written nothing, whatever it reads).
     */
    @Test
    void aClientOnlyReadingABusyTimelineIsNeverClosedForBeingIdle() throws Exception {
        start(ServiceLimits.DEFAULT.withIdleTimeout(Duration.ofMillis(300)));
        SnsConnection reader = SnsConnection.loggedIn(pinging, server.port(), 1);
        SnsConnection author = SnsConnection.loggedIn(pinging, server.port(), 2);
        reader.follow(2).join();
        List<String> shown = new CopyOnWriteArrayList<>();
        reader.timeline(push -> shown.add(push.getTimelinePost().getMsg())).join();
        // A push every 20 ms for 1.5 s: the reader's side never goes 50 ms without reading, for five idle timeouts.
        int posts = 75;
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
            pacer.scheduleAtFixedRate(() -> {
                int n = sent.incrementAndGet();
                if (n <= posts) {
                    author.post("p" + n);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == posts);
        } finally {
            pacer.shutdownNow();
        }
        assertTrue(reader.rpc.isOpen(), "the reading client's connection was closed as idle");
        SnsConnection rival = SnsConnection.open(pinging, server.port());
        assertEquals(ErrorCode.ALREADY_LOGGED_IN, SnsConnection.errorOf(rival.login(1)));
    }

    @Test
    void aConnectionOverTheLimitIsRefusedWhileTheOthersAreServed() throws Exception {
        start(ServiceLimits.DEFAULT.withMaxConnections(2));
        SnsConnection one = SnsConnection.loggedIn(silent, server.port(), 1);
        SnsConnection two = SnsConnection.loggedIn(silent, server.port(), 2);
        SnsConnection three = SnsConnection.open(silent, server.port());
        assertThrows(CompletionException.class, () -> three.login(3).join());
        one.list().join();
        two.list().join();
    }
}
