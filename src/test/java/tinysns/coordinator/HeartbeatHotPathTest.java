package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.coordinator.CoordinatorServiceTest.remoteError;
import static tinysns.coordinator.CoordinatorServiceTest.server;
import static tinysns.coordinator.LocalCoordinator.localSettings;

import com.google.protobuf.UnknownFieldSet;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.InSyncReport;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.testing.ManualClock;
import tinysns.testing.ManualTimer;
import tinysns.testing.NoLeaks;

/**
 * A live server's heartbeat is read in place (CoordinatorService's hot path); every other heartbeat is declined
 * there and served by the parsed path. Both must give the answers and table changes the contract gives.
 */
@ExtendWith(NoLeaks.class)
class HeartbeatHotPathTest {

    private final LocalCoordinator local = new LocalCoordinator();
    private final ManualClock clock = local.clock;
    private final ManualTimer leaseTimer = local.leaseTimer;
    private final RecordingListener events = new RecordingListener();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private Coordinator coordinator;
    private CoordinatorClient client;

    @BeforeEach
    void start() throws Exception {
        RegistryListener outcomes = new RegistryListener() {
            @Override
            public void heartbeatHandled(int clusterId, int serverId, String host, int port, HeartbeatOutcome outcome,
                                         long handlingNanos) {
                handled.add(clusterId + "/" + serverId + " " + host + ":" + port + " " + outcome.kind());
            }
        };
        client = local.start(localSettings(), RegistryListener.both(events, outcomes)).client();
        coordinator = local.coordinator();
    }

    @AfterEach
    void stop() {
        local.close();
    }

    private void beat(int cluster, ServerInfo info) throws Exception {
        client.heartbeat(cluster, info).get(5, TimeUnit.SECONDS);
    }

    private RegistryEntry onlyEntry() throws Exception {
        List<RegistryEntry> entries = client.listRegistry().get(5, TimeUnit.SECONDS).getEntriesList();
        assertEquals(1, entries.size(), entries.toString());
        return entries.get(0);
    }

    @Test
    void renewalsFromTheRegisteredAddressRestartTheLeaseAndAreReportedAsRenewals() throws Exception {
        HeartbeatReply first = client.heartbeat(2, server(7, "host-a", 10007, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            leaseTimer.advance(Duration.ofSeconds(6));
            HeartbeatReply renewed = client.heartbeat(2, server(7, "host-a", 10007, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
            assertEquals(first, renewed, "a renewal is answered as the registration was");
        }
        assertEquals(coordinator.table().lease().toMillis(), first.getLeaseMillis());
        leaseTimer.advance(Duration.ofMillis(1_500));
        RegistryEntry entry = onlyEntry();
        assertTrue(entry.getAlive(), "18 s of renewals every 6 s kept a 10 s lease alive");
        assertEquals(1_500, entry.getMillisSinceHeartbeat());
        assertTrue(events.deaths.isEmpty());
        assertEquals(List.of("2/7 host-a:10007 REGISTERED", "2/7 host-a:10007 RENEWED", "2/7 host-a:10007 RENEWED",
                "2/7 host-a:10007 RENEWED"), handled);
    }

    @Test
    void anotherHostOfTheSameLengthOrAnotherPortCannotRenewALiveServersSlot() throws Exception {
        beat(1, server(3, "host-a", 10000, ServerType.SERVER));
        assertEquals(ErrorCode.SLOT_TAKEN, remoteError(client.heartbeat(1, server(3, "host-b", 10000, ServerType.SERVER))).code());
        assertEquals(ErrorCode.SLOT_TAKEN, remoteError(client.heartbeat(1, server(3, "host-a", 10001, ServerType.SERVER))).code());
        assertEquals(ErrorCode.SLOT_TAKEN, remoteError(client.heartbeat(1, server(3, "host-", 10000, ServerType.SERVER))).code());
        assertEquals(server(3, "host-a", 10000, ServerType.SERVER), onlyEntry().getServerInfo());
    }

    @Test
    void aChangedTypeARevivalAndAGoodbyeAreServedAsBefore() throws Exception {
        beat(1, server(4, "host-a", 10000, ServerType.SERVER));
        beat(1, server(4, "host-a", 10000, ServerType.FOLLOWER_COORDINATOR));
        assertEquals(ServerType.FOLLOWER_COORDINATOR, onlyEntry().getServerInfo().getType());

        leaseTimer.advance(Duration.ofSeconds(11));
        assertEquals(1, events.deaths.size());
        beat(1, server(4, "host-a", 10000, ServerType.FOLLOWER_COORDINATOR));
        assertEquals(1, events.returns.size(), "a dead server's heartbeat revives it");
        assertTrue(onlyEntry().getAlive());

        client.heartbeat(Heartbeat.newBuilder().setClusterId(1).setLeaving(true)
                .setServerInfo(server(4, "host-a", 10000, ServerType.FOLLOWER_COORDINATOR)).build()).get(5, TimeUnit.SECONDS);
        assertTrue(onlyEntry().getAlive(), "a goodbye does not end the lease early");
    }

    @Test
    void aNonAsciiHostAndFieldsThisVersionDoesNotKnowStillRenew() throws Exception {
        beat(3, server(5, "hôte-ü.example", 10000, ServerType.SERVER));
        ServerInfo withUnknownField = server(5, "hôte-ü.example", 10000, ServerType.SERVER).toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(42).build()).build())
                .build();
        leaseTimer.advance(Duration.ofSeconds(6));
        beat(3, withUnknownField);
        leaseTimer.advance(Duration.ofSeconds(6));
        beat(3, server(5, "hôte-ü.example", 10000, ServerType.SERVER));
        assertTrue(onlyEntry().getAlive());
        assertEquals(3, handled.size());
        assertTrue(handled.get(2).endsWith("RENEWED") && handled.get(1).endsWith("RENEWED"), handled.toString());
    }

    @Test
    void newsInAHeartbeatIsTakenByTheParsedPathAndThePlainHeartbeatsAfterItReadTheReplyItChanged() throws Exception {
        Heartbeat adopted = Heartbeat.newBuilder().setClusterId(1).setServerInfo(server(1, "host-a", 10001,
                ServerType.SERVER)).setLastRole(ClusterRole.MASTER).setLastEpoch(5).build();
        assertEquals(5, client.heartbeat(adopted).get(5, TimeUnit.SECONDS).getEpoch(), "a restarted coordinator resumes");
        beat(1, server(2, "host-b", 10002, ServerType.SERVER));
        Heartbeat report = Heartbeat.newBuilder().setClusterId(1).setServerInfo(server(1, "host-a", 10001,
                ServerType.SERVER)).setInSync(InSyncReport.newBuilder().setEpoch(5).addServerIds(2)).build();
        assertEquals(List.of(2), client.heartbeat(report).get(5, TimeUnit.SECONDS).getInSyncList());
        HeartbeatReply plain = client.heartbeat(1, server(1, "host-a", 10001, ServerType.SERVER)).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(2), plain.getInSyncList());
        assertEquals(ClusterRole.MASTER, plain.getRole());
    }

    @Test
    void randomHeartbeatsGetTheAnswerTheTableGivesTheirParsedFields() throws Exception {
        // The same heartbeats, parsed by protobuf, applied to a table of reference on the same clock and timer.
        RegistrationTable reference = new RegistrationTable(3, coordinator.table().lease(), leaseTimer, clock,
                RegistryListener.NONE);
        Random random = new Random(14);
        String[] hosts = {"host-a", "host-b", "hôte", ""};
        for (int i = 0; i < 400; i++) {
            ServerInfo.Builder info = ServerInfo.newBuilder().setServerId(random.nextInt(4))
                    .setHostname(hosts[random.nextInt(hosts.length)]).setPort(random.nextBoolean() ? 10000 : 10001)
                    .setType(ServerType.forNumber(random.nextInt(4)));
            if (random.nextInt(10) == 0) {
                info.setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build());
            }
            Heartbeat heartbeat = Heartbeat.newBuilder().setClusterId(random.nextInt(5)).setServerInfo(info)
                    .setLeaving(random.nextInt(20) == 0).build();
            String expected;
            if (heartbeat.getLeaving()) {
                expected = "OK";
            } else {
                HeartbeatOutcome outcome = reference.heartbeat(heartbeat.getClusterId(), info.getServerId(),
                        info.getHostname(), info.getPort(), info.getType());
                expected = outcome.accepted() ? "OK" : outcome.kind() == HeartbeatOutcome.Kind.SLOT_TAKEN
                        ? ErrorCode.SLOT_TAKEN.name() : ErrorCode.INVALID_ARGUMENT.name();
            }
            String answer;
            try {
                client.heartbeat(heartbeat).get(5, TimeUnit.SECONDS);
                answer = "OK";
            } catch (ExecutionException e) {
                answer = ((RemoteErrorException) e.getCause()).code().name();
            }
            assertEquals(expected, answer, "heartbeat " + i + ": " + heartbeat);
            if (random.nextInt(8) == 0) {
                leaseTimer.advance(Duration.ofSeconds(4)); // some live servers die, some come back
            }
        }
        assertEquals(reference.snapshot().servers().toString(), coordinator.table().snapshot().servers().toString());
    }

    @Test
    void getServerReadInPlaceAnswersWhatTheTableAssignsAndFollowsTheMasterAndItsAddress() throws Exception {
        beat(1, server(1, "host-a", 10001, ServerType.SERVER));
        beat(1, server(2, "host-b", 10002, ServerType.SERVER));
        for (int id : new int[] {1, 4, 301}) {
            ServerInfo given = client.getServer(id).get(5, TimeUnit.SECONDS);
            assertEquals(coordinator.table().assign(id).address(), given.getHostname() + ":" + given.getPort());
            assertEquals(1, given.getServerId());
            assertEquals(ServerType.SERVER, given.getType());
        }
        for (int id : new int[] {2, 0, -3}) { // no master in cluster 2; IDs below 1 (declined, then refused as before)
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> client.getServer(id).get(5, TimeUnit.SECONDS));
            assertEquals(id == 2 ? ErrorCode.NO_SERVER : ErrorCode.INVALID_ARGUMENT,
                    ((RemoteErrorException) refused.getCause()).code());
        }
        leaseTimer.advance(Duration.ofSeconds(6));
        beat(1, server(2, "host-b", 10002, ServerType.SERVER));
        leaseTimer.advance(Duration.ofSeconds(5)); // server 1 is declared dead; these servers do not mirror
        assertEquals(2, client.getServer(7).get(5, TimeUnit.SECONDS).getServerId());
        beat(1, server(1, "host-c", 10001, ServerType.SERVER)); // back, at a new address: a slave
        assertEquals(2, client.getServer(7).get(5, TimeUnit.SECONDS).getServerId());
        leaseTimer.advance(Duration.ofSeconds(6));
        beat(1, server(1, "host-c", 10001, ServerType.SERVER));
        leaseTimer.advance(Duration.ofSeconds(5));
        assertEquals("host-c:10001", coordinator.table().assign(7).address());
        ServerInfo given = client.getServer(7).get(5, TimeUnit.SECONDS);
        assertEquals("host-c:10001", given.getHostname() + ":" + given.getPort());
    }
}
