package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.coordinator.CoordinatorServiceTest.remoteError;
import static tinysns.coordinator.CoordinatorServiceTest.server;
import static tinysns.coordinator.LocalCoordinator.localSettings;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.auth.SharedSecret;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/** A coordinator with a registration secret, through real sockets, on a clock and lease timer the test moves. */
@ExtendWith(NoLeaks.class)
class RegistrationSecretTest {

    private static final String SECRET = "correct horse battery staple";

    private final LocalCoordinator local = new LocalCoordinator();
    private final ManualTimer leaseTimer = local.leaseTimer;
    private final RecordingListener events = new RecordingListener();
    private final List<HeartbeatOutcome> outcomes = new CopyOnWriteArrayList<>();
    private CoordinatorClient client;

    @BeforeEach
    void start() throws Exception {
        CoordinatorSettings settings = localSettings().withSecret(SharedSecret.of(SECRET));
        RegistryListener outcomesSeen = new RegistryListener() {
            @Override
            public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                         long handlingNanos) {
                outcomes.add(outcome);
            }
        };
        client = local.start(settings, RegistryListener.both(events, outcomesSeen)).client();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private static Heartbeat heartbeat(String secret) {
        return Heartbeat.newBuilder().setClusterId(1).setServerInfo(server(1, "localhost", 10000, ServerType.SERVER))
                .setSecret(ByteString.copyFromUtf8(secret)).build();
    }

    @Test
    void aHeartbeatWithoutTheSecretIsRefusedAsUnauthenticatedAndRegistersNothing() {
        RemoteErrorException error = remoteError(client.heartbeat(1, server(1, "localhost", 10000, ServerType.SERVER)));
        assertEquals(ErrorCode.UNAUTHENTICATED, error.code());
        assertTrue(error.remoteMessage().contains("requires the registration secret"), error.remoteMessage());
        assertEquals(0, local.coordinator().table().size());
        assertTrue(events.registered.isEmpty());
        assertEquals(HeartbeatOutcome.Kind.UNAUTHENTICATED, outcomes.get(0).kind());
    }

    @Test
    void aHeartbeatWithAWrongSecretIsRefusedWithoutEchoingEitherSecret() {
        String wrong = "correct horse battery stapler";
        RemoteErrorException error = remoteError(client.heartbeat(heartbeat(wrong)));
        assertEquals(ErrorCode.UNAUTHENTICATED, error.code());
        assertFalse(error.remoteMessage().contains(wrong), error.remoteMessage());
        assertFalse(error.remoteMessage().contains("horse"), error.remoteMessage());
        assertFalse(outcomes.get(0).reason().contains("horse"), outcomes.get(0).reason());
        assertEquals(0, local.coordinator().table().size());
        assertFalse(SharedSecret.of(SECRET).toString().contains("horse"));
    }

    @Test
    void aHeartbeatWithTheSecretRegistersAndAClientNeedsNoSecret() throws Exception {
        client.heartbeat(heartbeat(SECRET)).get(5, TimeUnit.SECONDS);
        assertEquals(1, events.registered.size());
        assertEquals("localhost", client.getServer(1).get(5, TimeUnit.SECONDS).getHostname());
        assertEquals(1, client.listRegistry().get(5, TimeUnit.SECONDS).getEntriesCount());
    }

    @Test
    void aStrayProcessWithoutTheSecretCannotTakeADeadServersSlot() throws Exception {
        client.heartbeat(heartbeat(SECRET)).get(5, TimeUnit.SECONDS);
        leaseTimer.advance(Duration.ofSeconds(11));
        assertEquals(1, events.deaths.size());
        Heartbeat stray = Heartbeat.newBuilder().setClusterId(1)
                .setServerInfo(server(1, "evil.example.org", 6666, ServerType.SERVER)).build();
        assertEquals(ErrorCode.UNAUTHENTICATED, remoteError(client.heartbeat(stray)).code());
        assertTrue(events.returns.isEmpty());
        assertEquals("localhost", local.coordinator().table().snapshot().servers().get(0).endpoint().host());
    }

    @Test
    void aRegisteredServersHeartbeatWithoutTheSecretIsStillRefused() throws Exception {
        client.heartbeat(heartbeat(SECRET)).get(5, TimeUnit.SECONDS);
        RemoteErrorException error = remoteError(client.heartbeat(1, server(1, "localhost", 10000, ServerType.SERVER)));
        assertEquals(ErrorCode.UNAUTHENTICATED, error.code());
        assertEquals(HeartbeatOutcome.Kind.UNAUTHENTICATED, outcomes.get(1).kind());
    }
}
