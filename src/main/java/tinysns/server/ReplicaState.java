package tinysns.server;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.ClusterRole;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;

/**
 * What this server is in its cluster, as the coordinator last said in a heartbeat reply, and the one rule of whether
 * it may serve clients now (docs/CONTRACT.md section 8):
 * <ul>
 *   <li>a MASTER serves, but only while its lease holds: when it has slaves (one could take over) and has heard no
 *       heartbeat reply for a lease (counted from when that heartbeat was <em>sent</em>, so it stops before the
 *       coordinator, which counts from arrival, can declare it dead), it stops;</li>
 *   <li>a SLAVE never serves;</li>
 *   <li>a server that has not heard its role yet waits for the first reply, unless the coordinator cannot be reached
 *       at all at start, when it serves alone as in the assignment (section 3);</li>
 *   <li>a server with no coordinator (tests of one server) always serves.</li>
 * </ul>
 * Epochs only grow: a reply or a mirrored hello from an older epoch than this server knows changes nothing.
 * Thread-safe; listeners are told of every change of role, epoch, master or slaves, and when serving stops.
 */
public final class ReplicaState {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaState.class);

    /** Where a server stands. */
    public enum Standing { ALONE, STARTING, MASTER, SLAVE }

    /** One consistent reading. */
    public record View(Standing standing, long epoch, ServerInfo master, List<ServerInfo> slaves, long leaseNanos,
                       long lastReplySentNanos) {
    }

    /** Told on the thread that made the change; keep it quick. */
    public interface Listener {
        void changed(View view);
    }

    private final LongSupplier nanoClock;
    private final String who;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile View view;
    private volatile Runnable askSooner = () -> { };
    private boolean servingSeen;
    /** The server is stopping: no more waiting for the coordinator. Guarded by this. */
    private boolean stopping;
    /** The in-sync slaves the coordinator last echoed to this master; guarded by this (waited on). */
    private Set<Integer> confirmedInSync = Set.of();

    private ReplicaState(Standing standing, LongSupplier nanoClock, String who) {
        this.nanoClock = nanoClock;
        this.who = who;
        this.view = new View(standing, 0, null, List.of(), 0, 0);
        this.servingSeen = standing == Standing.ALONE;
    }

    /** A server with no coordinator: it always serves (tests and benchmarks of one server). */
    public static ReplicaState alone() {
        return new ReplicaState(Standing.ALONE, System::nanoTime, "this server");
    }

    /** A tsd that heartbeats: it waits for the coordinator to say what it is. */
    public static ReplicaState starting(LongSupplier nanoClock, String who) {
        return new ReplicaState(Standing.STARTING, nanoClock, who);
    }

    public View view() {
        return view;
    }

    /** How to hear from the coordinator sooner than the next heartbeat (a heartbeat sent now). */
    public void askSoonerWith(Runnable action) {
        askSooner = action;
    }

    /** The coordinator's word may have changed (the master's link closed): ask it now rather than at the next beat. */
    public void askSooner() {
        askSooner.run();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** True when this server may accept client requests now. */
    public boolean servesClients() {
        View v = view;
        return switch (v.standing()) {
            case ALONE -> true;
            case STARTING, SLAVE -> false;
            case MASTER -> v.slaves().isEmpty() || nanoClock.getAsLong() - v.lastReplySentNanos() < v.leaseNanos();
        };
    }

    /**
     * A heartbeat reply arrived.
     *
     * @param sentNanos when the heartbeat it answers was sent, on this state's clock
     */
    public void replied(HeartbeatReply reply, long sentNanos) {
        View next;
        synchronized (this) {
            View before = view;
            if (reply.getEpoch() < before.epoch()) {
                return; // an answer overtaken by a newer one
            }
            Standing standing = switch (reply.getRole()) {
                case MASTER -> Standing.MASTER;
                case SLAVE -> Standing.SLAVE;
                default -> before.standing() == Standing.STARTING ? Standing.ALONE : before.standing();
            };
            ServerInfo master = reply.hasMaster() ? reply.getMaster() : null;
            if (reply.getRole() == ClusterRole.MASTER && !confirmedInSync.equals(Set.copyOf(reply.getInSyncList()))) {
                confirmedInSync = Set.copyOf(reply.getInSyncList());
                notifyAll();
                // From now on the coordinator may promote exactly these slaves should this server die.
                LOG.info("{}: the coordinator holds its in-sync slaves as {}", who, confirmedInSync);
            }
            next = new View(standing, reply.getEpoch(), master, List.copyOf(reply.getSlavesList()),
                    reply.getLeaseMillis() * 1_000_000L, Math.max(sentNanos, before.lastReplySentNanos()));
            view = next;
            servingSeen = servesClients(); // a change of role is told here; checkLease tells a lease lost later
            if (sameRoles(before, next)) {
                return;
            }
            if (before.standing() != next.standing() || before.epoch() != next.epoch()) {
                LOG.info("{} is {} of its cluster (epoch {}{})", who, next.standing(), next.epoch(),
                        next.standing() == Standing.SLAVE && master != null
                                ? ", master at " + master.getHostname() + ":" + master.getPort() : "");
            }
        }
        tell(next);
    }

    /** The in-sync slaves (server IDs) the coordinator last said it knows of this master. */
    public synchronized Set<Integer> confirmedInSync() {
        return confirmedInSync;
    }

    /**
     * Waits until the coordinator knows of no in-sync slave beyond {@code inSync} (asking it now), so that it can
     * never promote a slave that lacks what this master is about to acknowledge (docs/CONTRACT.md section 8).
     *
     * @return false when the coordinator did not confirm within {@code waitNanos}, or this server stopped serving
     */
    /**
     * The server is stopping: a wait for the coordinator ends at once, and what it held is refused, never
     * acknowledged (without this, a stop waited up to a lease; on a clock that does not move, forever).
     */
    public void stopping() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
    }

    public boolean awaitCoordinatorKnowsAtMost(Set<Integer> inSync, long waitNanos) {
        synchronized (this) {
            if (inSync.containsAll(confirmedInSync)) {
                return true;
            }
        }
        askSooner();
        // Never past this master's own lease: once it has run out, the coordinator may have chosen another.
        View now = view;
        long deadline = nanoClock.getAsLong() + waitNanos;
        if (now.leaseNanos() > 0) {
            deadline = Math.min(deadline, now.lastReplySentNanos() + now.leaseNanos());
        }
        synchronized (this) {
            while (!inSync.containsAll(confirmedInSync)) {
                long left = deadline - nanoClock.getAsLong();
                if (left <= 0 || !servesClients() || stopping) {
                    // No longer master, its lease ran out (the coordinator may have chosen another), or stopping.
                    return false;
                }
                try {
                    wait(Math.max(1, Math.min(100, left / 1_000_000))); // a clock of its own (tests) moves too
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The coordinator could not be reached: a server that has not heard its role yet serves alone (section 3). */
    public void unreachable() {
        View next;
        synchronized (this) {
            if (view.standing() != Standing.STARTING) {
                return;
            }
            next = new View(Standing.ALONE, 0, null, List.of(), 0, 0);
            view = next;
            LOG.info("{} cannot reach the coordinator at start: serving alone until it answers", who);
        }
        tell(next);
    }

    /** What a mirrored hello or batch at some epoch meets here. */
    public enum MirrorAdmission {
        /** This server is a slave of that epoch, by the coordinator's word. */
        ACCEPTED,
        /** The epoch is older than this server's, or this server is the master of it: a stale master. */
        STALE,
        /** The coordinator has not told this server of that epoch yet: refused for now, the master retries. */
        NOT_YET_KNOWN
    }

    /**
     * A master's mirrored hello or batch at {@code epoch}. Only the coordinator's reply makes this server a slave:
     * a mirror claiming a newer epoch is refused until the coordinator confirms it (this server asks at once), so a
     * peer that merely claims an epoch cannot demote a master (found by HostileBytesIT's random frames).
     */
    public MirrorAdmission admitMirror(long epoch) {
        View now = view;
        if (epoch < now.epoch() || (epoch == now.epoch() && now.standing() == Standing.MASTER)) {
            return MirrorAdmission.STALE;
        }
        if (epoch == now.epoch() && now.standing() == Standing.SLAVE) {
            return MirrorAdmission.ACCEPTED;
        }
        askSooner();
        return MirrorAdmission.NOT_YET_KNOWN;
    }

    /** This server learnt that another master was chosen (a slave refused its epoch): a slave until told otherwise. */
    public void stepDown(String why) {
        View next;
        synchronized (this) {
            View before = view;
            if (before.standing() == Standing.SLAVE) {
                return;
            }
            next = new View(Standing.SLAVE, before.epoch(), null, List.of(), before.leaseNanos(),
                    before.lastReplySentNanos());
            view = next;
            LOG.warn("{} steps down to SLAVE: {}", who, why);
        }
        tell(next);
    }

    /** Tells the listeners when a master's lease ran out since the last check; call it often (a timer tick). */
    public void checkLease() {
        boolean serves = servesClients();
        boolean stopped;
        synchronized (this) {
            stopped = servingSeen && !serves;
            servingSeen = serves;
        }
        if (stopped) {
            View v = view;
            if (v.standing() == Standing.MASTER) {
                LOG.warn("{} heard no heartbeat reply for its lease ({} ms): it serves no client until the"
                        + " coordinator answers", who, v.leaseNanos() / 1_000_000);
            }
            tell(v);
        }
    }

    private void tell(View v) {
        for (Listener listener : listeners) {
            listener.changed(v);
        }
    }

    private static boolean sameRoles(View a, View b) {
        return a.standing() == b.standing() && a.epoch() == b.epoch() && java.util.Objects.equals(a.master(), b.master())
                && a.slaves().equals(b.slaves());
    }
}
