package tinysns.coordinator.leadership;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.coordinator.Leadership;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;

/**
 * Leadership among coordinators sharing a ZooKeeper ensemble, through Curator's {@link LeaderLatch}
 * (docs/CONTRACT.md section 10). The latch elects; a {@link LeaderLease} decides, on every request, whether this
 * coordinator may still act as leader: elected, and confirmed by ZooKeeper within the lease window.
 *
 * <ul>
 *   <li>Taking the lead (on the writer's thread): load the registration order, every live lease starting now.</li>
 *   <li>SUSPENDED (ZooKeeper unreachable): not a leader for writing until proven. Renewals and assignments are still
 *       served from memory while the lease window holds, registrations are refused; said once in the log.</li>
 *   <li>LOST (the session expired), or the window passed without a confirmation (a stall): not leading. Every
 *       request is answered NotLeader, the table is emptied, and this coordinator runs for election again.</li>
 * </ul>
 */
public final class ZooKeeperLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    static final String ELECTION_PATH = "/leader";
    /** Followers heartbeat the leader, and look up who leads, this often. */
    static final Duration FOLLOWER_TICK = Duration.ofSeconds(1);

    private final ZooKeeperOptions options;
    private final CuratorFramework zk;
    private final LeaderLease lease;
    private final OrderWriter writer;
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("tinysns-zk-lease", true));
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean connected = true;
    private boolean lapsed; // touched by the lease thread only
    private volatile String leader = "";
    private String self;
    private LeaderLatch latch;
    private FollowerHeartbeats followers;

    private ZooKeeperLeadership(ZooKeeperOptions options, CuratorFramework zk, int clusters) {
        this.options = options;
        this.zk = zk;
        this.lease = new LeaderLease(options.sessionTimeout(), System::nanoTime);
        this.writer = new OrderWriter(new RegistrationOrder(zk, clusters), () -> latch.getOurPath(),
                () -> connected && lease.valid());
    }

    /**
     * Connects to ZooKeeper, waiting at most 15 s for it.
     *
     * @throws IOException when ZooKeeper cannot be reached; the message names the address
     */
    public static ZooKeeperLeadership connect(ZooKeeperOptions options, int clusters) throws IOException {
        int sessionMillis = (int) options.sessionTimeout().toMillis();
        CuratorFramework zk = CuratorFrameworkFactory.builder()
                .connectString(options.connectString())
                .namespace("tinysns")
                .sessionTimeoutMs(sessionMillis)
                .connectionTimeoutMs(Math.max(1_000, sessionMillis / 2))
                .retryPolicy(new RetryNTimes(3, Math.max(100, sessionMillis / 10)))
                // Only an expired session ends leadership in the latch; while merely disconnected, the lease decides.
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        zk.start();
        try {
            if (!zk.blockUntilConnected((int) ZooKeeperOptions.CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                zk.close();
                throw new IOException("cannot reach ZooKeeper at " + options.connectString() + " within "
                        + ZooKeeperOptions.CONNECT_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            zk.close();
            throw new IOException("interrupted while connecting to ZooKeeper at " + options.connectString());
        }
        return new ZooKeeperLeadership(options, zk, clusters);
    }

    /** Records deaths in ZooKeeper: give it to the coordinator's table as a listener. */
    public RegistryListener deaths() {
        return writer;
    }

    /** Runs for election as {@code hostname:port}, for the coordinator whose table is {@code table}. */
    public void start(RegistrationTable table, int port) throws IOException {
        writer.bind(table);
        self = options.hostname() + ":" + port;
        int id = options.id() == 0 ? port : options.id();
        followers = new FollowerHeartbeats(options.hostname(), port, id, FOLLOWER_TICK);
        zk.getConnectionStateListenable().addListener((client, state) -> connectionChanged(state));
        latch = new LeaderLatch(zk, ELECTION_PATH, self);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                takeOver();
            }

            @Override
            public void notLeader() {
                stepDown("ZooKeeper gave the lead to another coordinator or the session ended");
            }
        }, writer::submit);
        try {
            latch.start();
        } catch (Exception e) {
            throw new IOException("cannot run for election in ZooKeeper at " + options.connectString() + ": "
                    + OrderWriter.describe(e), e);
        }
        long confirmEvery = Math.max(1, lease.window().toMillis() / 4);
        ticks.scheduleAtFixedRate(this::confirm, confirmEvery, confirmEvery, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(this::follow, 0, FOLLOWER_TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("running for leader as {} through ZooKeeper at {} (session timeout {} ms)", self,
                options.connectString(), options.sessionTimeout().toMillis());
    }

    @Override
    public boolean leads() {
        return lease.valid();
    }

    @Override
    public String leader() {
        return leader;
    }

    @Override
    public RegistrationWriter writer() {
        return writer;
    }

    /** On the writer's thread, after any write submitted before it. */
    private void takeOver() {
        long started = System.nanoTime();
        if (!latch.hasLeadership()) {
            return; // lost again before this thread got to it
        }
        try {
            List<Slot> slots = writer.loadIntoTable();
            lease.elected(started);
            leader = self;
            long alive = slots.stream().filter(Slot::alive).count();
            LOG.info("leading as {}: loaded {} registrations from ZooKeeper in {} ms; {} alive, their leases start now",
                    self, slots.size(), (System.nanoTime() - started) / 1_000_000, alive);
        } catch (Exception e) {
            LOG.error("elected, but cannot load the registration order from ZooKeeper ({}); not leading",
                    OrderWriter.describe(e));
            writer.clearTable();
        }
    }

    private void stepDown(String why) {
        boolean was = lease.elected();
        lease.deposed();
        writer.clearTable();
        if (was) {
            LOG.warn("no longer leading: {}", why);
        }
    }

    private void connectionChanged(ConnectionState state) {
        switch (state) {
            case SUSPENDED -> {
                connected = false;
                if (lease.valid()) {
                    LOG.warn("ZooKeeper at {} is unreachable: serving heartbeats and assignments from memory, read-only"
                            + " for registrations, for at most {} ms unless it comes back", options.connectString(),
                            lease.window().toMillis() - lease.sinceConfirmedNanos() / 1_000_000);
                }
            }
            case LOST -> {
                connected = false;
                lease.deposed(); // at once; the latch's notLeader follows on the writer's thread
                writer.submit(() -> stepDown("the ZooKeeper session expired"));
            }
            case CONNECTED, RECONNECTED -> {
                if (!connected) {
                    LOG.info("ZooKeeper at {} is reachable again", options.connectString());
                }
                connected = true;
            }
            default -> {
            }
        }
    }

    /** Asks ZooKeeper whether the election node is still there; an answer extends the lease from the asking. */
    private void confirm() {
        String ours = latch.getOurPath();
        if (!lease.elected() || ours == null) {
            lapsed = false;
            return;
        }
        if (lease.valid() == lapsed) {
            lapsed = !lapsed;
            if (lapsed) {
                LOG.warn("not acting as leader: ZooKeeper has not confirmed this coordinator's leadership for {} ms"
                        + " (a stall, or ZooKeeper out of reach); every request is answered NotLeader until it does",
                        lease.sinceConfirmedNanos() / 1_000_000);
            } else {
                LOG.info("ZooKeeper confirmed this coordinator's leadership again: serving");
            }
        }
        long sent = System.nanoTime();
        try {
            zk.checkExists().inBackground((client, event) -> {
                if (event.getResultCode() == KeeperException.Code.OK.intValue() && event.getStat() != null) {
                    lease.confirmed(sent);
                }
            }).forPath(ours);
        } catch (Exception e) {
            // not confirmed: the lease runs out by itself
        }
    }

    /** A follower's tick: find the leader, heartbeat it. */
    private void follow() {
        if (lease.elected()) {
            followers.pause();
            return;
        }
        try {
            Participant current = latch.getLeader();
            leader = current.isLeader() ? current.getId() : "";
        } catch (Exception e) {
            leader = "";
        }
        if (leader.isEmpty() || leader.equals(self)) {
            followers.pause();
        } else {
            followers.beat(leader);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticks.shutdownNow();
        lease.deposed();
        if (followers != null) {
            // Seen to hang in the RPC client's event-loop shutdown once ZooKeeper had been gone for half an hour:
            // a stopping coordinator waits two seconds for it at most (its threads are daemons).
            Thread closing = new Thread(followers::close, "tinysns-follower-close");
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (latch != null) {
                latch.close(); // hands the lead on at once, rather than after the session timeout
            }
        } catch (Exception e) {
            LOG.warn("could not leave the election cleanly: {}", OrderWriter.describe(e));
        }
        writer.close();
        zk.close();
    }
}
