package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.auth.SharedSecret;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import java.util.concurrent.ExecutionException;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.MirrorBatch;
import tinysns.protocol.proto.MirrorHello;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;
import tinysns.rpc.RpcClientOptions;
import tinysns.testing.ManualClock;

/**
 * docs/CONTRACT.md section 8, in-process: a master and a slave told their roles by hand (as heartbeat replies would),
 * mirrored writes, catch-up, refused logins at the slave, epoch fencing and the master's lease.
 */
class MirrorTest {

    private static final long LEASE_MILLIS = 10_000;

    @TempDir
    Path dir;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient client = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive());
    private final ManualClock clock = new ManualClock();
    private final ReplicaState masterState = ReplicaState.starting(clock, "master");
    private final ReplicaState slaveState = ReplicaState.starting(clock, "slave");
    private SnsServer master;
    private SnsServer slave;

    @AfterEach
    void stop() {
        client.close();
        if (master != null) {
            master.close();
        }
        if (slave != null) {
            slave.close();
        }
        timer.stop();
    }

    private SnsServer start(String name, int serverId, ReplicaState state) throws Exception {
        return start(name, serverId, state, SharedSecret.NONE);
    }

    private SnsServer start(String name, int serverId, ReplicaState state, SharedSecret secret) throws Exception {
        return SnsServer.start(SnsServerOptions.forTests(dir.resolve(name)).withPeerSecret(secret), timer,
                new Replication(1, serverId, state, Duration.ofSeconds(5)));
    }

    private static ServerInfo info(int id, SnsServer server) {
        return ServerInfo.newBuilder().setServerId(id).setHostname("127.0.0.1").setPort(server.port())
                .setType(ServerType.SERVER).build();
    }

    private void tellRoles(long epoch) {
        HeartbeatReply.Builder reply = HeartbeatReply.newBuilder().setLeaseMillis(LEASE_MILLIS).setEpoch(epoch)
                .setMaster(info(1, master));
        masterState.replied(reply.clone().setRole(ClusterRole.MASTER).addSlaves(info(2, slave)).build(), clock.getAsLong());
        slaveState.replied(reply.clone().setRole(ClusterRole.SLAVE).build(), clock.getAsLong());
    }

    private void awaitSameFiles() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String file : List.of(SnsFiles.USERS, SnsFiles.FOLLOWING, SnsFiles.POSTS, SnsFiles.ORDER)) {
                assertEquals(Files.readString(master.dataDir().resolve(file)), Files.readString(slave.dataDir().resolve(file)),
                        file);
            }
        });
    }

    @Test
    void whatTheMasterAcknowledgesIsOnTheSlaveAndTheSlaveRefusesClients() throws Exception {
        master = start("m", 1, masterState);
        slave = start("s", 2, slaveState);
        tellRoles(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.inSyncSlaves().size() == 1);

        try (SnsConnection one = SnsConnection.loggedIn(client, master.port(), 1);
             SnsConnection four = SnsConnection.loggedIn(client, master.port(), 4)) {
            four.follow(1).join();
            one.timeline(push -> { }).join();
            for (int i = 0; i < 20; i++) {
                one.post("post " + i).join();
                // Acknowledged means on the slave's disk already, not eventually.
                assertTrue(Files.readString(slave.dataDir().resolve(SnsFiles.POSTS)).contains("W post " + i + "\n"));
            }
        }
        awaitSameFiles();
        try (SnsConnection refused = SnsConnection.open(client, slave.port())) {
            assertEquals(ErrorCode.UNSUPPORTED, SnsConnection.errorOf(refused.login(7)));
        }
    }

    /**
     * The master's heartbeat reply again, echoing {@code inSync} as the coordinator's in-sync set; the slave is listed
     * while it runs.
     */
    private void confirmInSync(Integer... inSync) {
        HeartbeatReply.Builder reply = HeartbeatReply.newBuilder().setLeaseMillis(LEASE_MILLIS).setEpoch(1)
                .setMaster(info(1, master)).setRole(ClusterRole.MASTER).addAllInSync(List.of(inSync));
        if (slave != null) {
            reply.addSlaves(info(2, slave));
        }
        masterState.replied(reply.build(), clock.getAsLong());
    }

    @Test
    void afterASlaveLeavesTheInSyncSetNothingIsAcknowledgedUntilTheCoordinatorConfirmsItLeft() throws Exception {
        master = start("m", 1, masterState);
        slave = start("s", 2, slaveState);
        AtomicInteger asked = new AtomicInteger();
        masterState.askSoonerWith(asked::incrementAndGet);
        tellRoles(1);
        // A slave in sync is reported at once: the master asks for a heartbeat right after it joins the set.
        await().atMost(Duration.ofSeconds(20)).until(() -> master.inSyncServerIds().equals(Set.of(2)) && asked.get() >= 1);
        confirmInSync(2);
        try (SnsConnection one = SnsConnection.loggedIn(client, master.port(), 1)) {
            one.post("mirrored").join();
            slave.close();
            slave = null;
            CompletableFuture<Envelope> unconfirmed = one.post("after the slave left");
            await().atMost(Duration.ofSeconds(20)).until(() -> master.inSyncServerIds().isEmpty() && asked.get() >= 2);
            await("not acknowledged: the coordinator could still promote the slave that lacks it")
                    .during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !unconfirmed.isDone());
            confirmInSync();
            unconfirmed.get(10, TimeUnit.SECONDS);

            confirmInSync(2); // the coordinator holds an old set and never answers: the master's lease runs out
            CompletableFuture<Envelope> refused = one.post("never confirmed");
            clock.moveTo(Duration.ofMillis(LEASE_MILLIS + 1).toNanos());
            assertEquals(ErrorCode.INTERNAL, SnsConnection.errorOf(refused));
        }
    }

    @Test
    void aSlaveStartedLateCatchesUpAndASlaveThatDivergedTakesAFullCopy() throws Exception {
        master = start("m", 1, masterState);
        // The master serves alone until told; then a slave that holds something else joins.
        masterState.unreachable();
        try (SnsConnection one = SnsConnection.loggedIn(client, master.port(), 1)) {
            one.post("before the slave").join();
        }
        try (SnsFiles other = SnsFiles.open(dir.resolve("s"), new SnsState())) {
            other.append(Changes.userAdded(1, 1, 9));
            other.sync();
        }
        slave = start("s", 2, slaveState);
        tellRoles(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.inSyncSlaves().size() == 1);
        awaitSameFiles();
        assertEquals(master.changeLog().readFrom(1, 100), slave.changeLog().readFrom(1, 100));
    }

    @Test
    void aSlaveRefusesAnotherClusterAnOlderEpochAndABatchOutOfOrderWithNothingApplied() throws Exception {
        master = start("m", 1, masterState);
        slave = start("s", 2, slaveState);
        slaveState.replied(HeartbeatReply.newBuilder().setLeaseMillis(LEASE_MILLIS).setEpoch(3)
                .setRole(ClusterRole.SLAVE).setMaster(info(1, master)).build(), clock.getAsLong());
        RpcConnection link = client.connect("127.0.0.1", slave.port()).get(10, TimeUnit.SECONDS);
        MirrorBatch good = MirrorBatch.newBuilder().setClusterId(1).setEpoch(3).setFirstPosition(1)
                .addChanges(Changes.userAdded(1, 1, 5)).build();
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(link, good.toBuilder().setClusterId(2)));
        assertEquals(ErrorCode.SLOT_TAKEN, errorOf(link, good.toBuilder().setEpoch(2)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(link, good.toBuilder().setFirstPosition(2)));
        assertEquals(0, slave.changeLog().lastPosition(), "nothing applied");
        assertEquals(1, link.call(Envelope.newBuilder().setMirrorBatch(good)).get(10, TimeUnit.SECONDS)
                .getMirrorPosition().getPosition());
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(link, good.toBuilder()), "the same position twice");
        assertEquals("5\n", Files.readString(slave.dataDir().resolve(SnsFiles.USERS)));
        link.close();
    }

    private static ErrorCode errorOf(RpcConnection link, MirrorBatch.Builder batch) throws Exception {
        try {
            link.call(Envelope.newBuilder().setMirrorBatch(batch)).get(10, TimeUnit.SECONDS);
            throw new AssertionError("accepted " + batch);
        } catch (ExecutionException e) {
            return ((RemoteErrorException) e.getCause()).code();
        }
    }

    @Test
    void aMasterWithASlaveStopsServingWhenItsLeaseRunsOutAndAnOlderEpochIsRefused() throws Exception {
        master = start("m", 1, masterState);
        slave = start("s", 2, slaveState);
        tellRoles(1);
        assertTrue(masterState.servesClients());
        clock.moveTo(Duration.ofMillis(LEASE_MILLIS).toNanos());
        assertTrue(!masterState.servesClients(), "no heartbeat reply for a lease");
        try (SnsConnection late = SnsConnection.open(client, master.port())) {
            assertEquals(ErrorCode.UNSUPPORTED, SnsConnection.errorOf(late.login(1)));
        }
        // The slave learns of epoch 2 (it is master now); the old master's epoch-1 hello is refused.
        slaveState.replied(HeartbeatReply.newBuilder().setLeaseMillis(LEASE_MILLIS).setEpoch(2)
                .setRole(ClusterRole.MASTER).setMaster(info(2, slave)).build(), clock.getAsLong());
        assertEquals(ReplicaState.MirrorAdmission.STALE, slaveState.admitMirror(1));
        assertTrue(slaveState.servesClients());
    }

    @Test
    void aSlaveStartedWithTheSecretTakesMirroredWritesOnlyOnAConnectionWhoseHelloCarriedIt() throws Exception {
        SharedSecret secret = SharedSecret.of("s3cret");
        master = start("m", 1, masterState, secret);
        slave = start("s", 2, slaveState, secret);
        tellRoles(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> master.inSyncSlaves().size() == 1);

        RpcConnection forged = client.connect("127.0.0.1", slave.port()).get(10, TimeUnit.SECONDS);
        MirrorHello hello = MirrorHello.newBuilder().setClusterId(1).setMasterServerId(1).setEpoch(1).build();
        for (MirrorHello without : List.of(hello, hello.toBuilder().setSecret(SharedSecret.of("guess").toByteString()).build())) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> forged.call(Envelope.newBuilder().setMirrorHello(without)).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorCode.UNAUTHENTICATED, ((RemoteErrorException) refused.getCause()).code());
        }
        long held = slave.changeLog().lastPosition();
        MirrorBatch batch = MirrorBatch.newBuilder().setClusterId(1).setEpoch(1).setFirstPosition(held + 1)
                .addChanges(Changes.userAdded(1, 1, 5)).build();
        assertEquals(ErrorCode.UNAUTHENTICATED, errorOf(forged, batch.toBuilder()), "no hello with the secret here");
        assertEquals(held, slave.changeLog().lastPosition(), "nothing applied");
        forged.close();

        try (SnsConnection one = SnsConnection.loggedIn(client, master.port(), 1)) {
            one.post("mirrored with the secret").join();
        }
        awaitSameFiles();
    }
}
