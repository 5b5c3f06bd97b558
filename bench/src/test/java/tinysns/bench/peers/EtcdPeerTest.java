package tinysns.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import tinysns.bench.peers.etcd.pb.LeaseGrantRequest;
import tinysns.bench.peers.etcd.pb.LeaseGrpc;

/** Against a real etcd (Debian's etcd-server), skipped where none is installed. */
@EnabledIf("etcdIsInstalled")
class EtcdPeerTest {

    @TempDir
    Path dataDir;

    static boolean etcdIsInstalled() {
        String configured = System.getProperty(EtcdProcess.BINARY_PROPERTY);
        if (configured != null) {
            return Files.isExecutable(Path.of(configured));
        }
        return Files.isExecutable(Path.of("/usr/bin/etcd")) || Files.isExecutable(Path.of("/usr/local/bin/etcd"));
    }

    @Test
    void aStoppedServerIsShownGoneAfterItsLeaseWhileTheOthersStayAliveAndCloseLeavesNothingRunning() throws Exception {
        DeathLog deaths = new DeathLog(8);
        long etcdPid;
        try (EtcdPeer etcd = EtcdPeer.start(dataDir, 8)) {
            etcdPid = etcd.pid();
            etcd.register(0, 6);
            for (int user = 1; user <= 3; user++) {
                etcd.lookup(user);
            }
            etcd.watchDeaths(deaths);

            etcd.stop(new int[] {0}, deaths);

            assertTrue(deaths.awaitGone(new int[] {0}, PeerServers.TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(8)));
            DeathLog.Lateness lateness = deaths.lateness(new int[] {0}, PeerServers.TIMEOUT_NANOS);
            assertEquals(0, lateness.early());
            assertEquals(0, lateness.unacknowledged());
            assertEquals(0, deaths.falseDeaths(), "servers still kept alive past their lease were shown gone");
            assertEquals(0, etcd.keepAliveFailures());
            assertTrue(etcd.requestsHandled() >= 6 * 2 + 6, "6 grants, 6 puts and at least one keep-alive each");
        }
        assertFalse(ProcessHandle.of(etcdPid).map(ProcessHandle::isAlive).orElse(false), "etcd still running");
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("etcd-grpc") || thread.getName().equals("keep-alives")) {
                thread.join(TimeUnit.SECONDS.toMillis(5)); // close() asked them to end; give them a moment to exit
                assertFalse(thread.isAlive(), thread.getName() + " outlived close()");
            }
        }
    }

    @Test
    void aKeepAliveOfALeaseEtcdDoesNotKnowFailsAndTheSameStreamThenRenewsAGrantedLease() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start(dataDir); EtcdChannel channel = EtcdChannel.open(etcd.clientUrl())) {
            EtcdLeaseKeepAlives keepAlives = new EtcdLeaseKeepAlives(LeaseGrpc.newStub(channel.channel()),
                    TimeUnit.SECONDS.toNanos(10));
            try {
                ExecutionException unknown = assertThrows(ExecutionException.class,
                        () -> keepAlives.keepAlive(0x1234).get(10, TimeUnit.SECONDS));
                assertTrue(unknown.getCause().getMessage().contains("no longer knows lease 1234"),
                        unknown.getCause().getMessage());
                long granted = LeaseGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(PeerServers.TIMEOUT_SECONDS).build()).getID();
                long ttl = keepAlives.keepAlive(granted).get(10, TimeUnit.SECONDS);
                assertEquals(PeerServers.TIMEOUT_SECONDS, ttl);
            } finally {
                keepAlives.close();
            }
        }
    }
}
