package tinysns.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.coordination.HeardHeartbeats.HEARTBEAT;
import static tinysns.coordination.HeardHeartbeats.INTERVAL;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.server.FakeCoordinator;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/** The heartbeat sender through real sockets (CoordinatorClient's connector), its schedule on a manual timer. */
@ExtendWith(NoLeaks.class)
class HeartbeatSenderNetworkTest {


    private final ManualTimer timer = new ManualTimer();
    private final HeardHeartbeats heard = new HeardHeartbeats();
    private final List<HeartbeatReply> replies = heard.replies;
    private final List<RemoteErrorException> rejections = heard.rejections;
    private FakeCoordinator coordinator;
    private RpcClient client;
    private HeartbeatSender sender;

    @BeforeEach
    void start() throws Exception {
        coordinator = FakeCoordinator.start();
        client = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(Duration.ofSeconds(1)));
        sender = HeartbeatSender.to(client, "127.0.0.1", coordinator.port(), timer, HEARTBEAT, INTERVAL, heard);
    }

    @AfterEach
    void stop() {
        sender.close();
        client.close();
        coordinator.close();
        timer.stop();
    }

    @Test
    void theFirstHeartbeatRegistersTheServerAndItsReplyTellsTheLease() {
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() == 1);
        Heartbeat first = coordinator.heartbeats().get(0);
        assertEquals(2, first.getClusterId());
        assertEquals(HEARTBEAT.getServerInfo(), first.getServerInfo());
        assertEquals(10_000, replies.get(0).getLeaseMillis());
        timer.advance(INTERVAL);
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() == 2);
    }

    @Test
    void aGoodbyeIsOneLastHeartbeatMarkedLeaving() {
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sender.accepted() >= 1);
        sender.sayGoodbye(Duration.ofSeconds(5));
        List<Heartbeat> seen = coordinator.heartbeats();
        assertTrue(seen.get(seen.size() - 1).getLeaving(), "the last heartbeat says goodbye");
        assertEquals(1, seen.stream().filter(Heartbeat::getLeaving).count());
    }

    @Test
    void aRejectedHeartbeatIsReportedOnce() {
        coordinator.rejectWith(ErrorCode.SLOT_TAKEN);
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> rejections.size() == 1);
        assertTrue(sender.rejected());
        assertEquals(ErrorCode.SLOT_TAKEN, rejections.get(0).code());
        assertEquals(0, timer.pendingCount(), "no next heartbeat, no reconnect");
    }
}
