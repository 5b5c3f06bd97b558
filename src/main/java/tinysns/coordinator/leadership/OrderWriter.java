package tinysns.coordinator.leadership;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import tinysns.coordinator.Leadership;
import tinysns.coordinator.RegisteredServer;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;
import tinysns.coordinator.TableTakeover;
import tinysns.protocol.proto.ServerType;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;

/**
 * The one thread that changes the registration order: it writes each registration and revival to ZooKeeper before
 * the table takes it, records deaths, and loads the order when this coordinator takes the lead. One thread, so that
 * the table's order is ZooKeeper's order. Renewals never come here: they stay in memory, on the I/O threads.
 */
final class OrderWriter implements Leadership.RegistrationWriter, RegistryListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");

    private final ExecutorService thread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("tinysns-zk-writer", true));
    private final RateLimitedLog failures = new RateLimitedLog(LOG, 5);
    private final RegistrationOrder order;
    private final Supplier<String> fence;
    private final BooleanSupplier writable;
    private volatile RegistrationTable table;
    private volatile TableTakeover takeover;

    /**
     * @param fence    this coordinator's election node: every write checks that it still exists
     * @param writable true while this coordinator leads and reaches ZooKeeper
     */
    OrderWriter(RegistrationOrder order, Supplier<String> fence, BooleanSupplier writable) {
        this.order = order;
        this.fence = fence;
        this.writable = writable;
    }

    void bind(RegistrationTable boundTable) {
        this.table = boundTable;
        this.takeover = new TableTakeover(boundTable);
    }

    /** Runs {@code work} on the writer's thread, after everything submitted before it. */
    void submit(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException closed) {
            // stopping: nothing more is written
        }
    }

    @Override
    public void write(Heartbeat heartbeat, ServerType role, Runnable apply, Consumer<String> refuse) {
        try {
            thread.execute(() -> writeNow(heartbeat, role, apply, refuse));
        } catch (RejectedExecutionException closed) {
            refuse.accept("the coordinator is stopping");
        }
    }

    private void writeNow(Heartbeat heartbeat, ServerType role, Runnable apply, Consumer<String> refuse) {
        int clusterId = heartbeat.getClusterId();
        ServerInfo info = heartbeat.getServerInfo();
        RegisteredServer current = takeover.registered(clusterId, info.getServerId());
        if (table.validate(clusterId, info.getServerId(), info.getHostname(), info.getPort(), role) != null
                || (current != null && current.alive())) {
            apply.run(); // nothing to write: the table rejects it, renews it, or finds the slot taken
            return;
        }
        String name = "cluster " + clusterId + " server " + info.getServerId();
        if (!writable.getAsBoolean()) {
            refuse.accept("the coordinator is read-only while it cannot reach ZooKeeper: " + name
                    + " cannot register until it can");
            return;
        }
        Slot slot = new Slot(clusterId, info.getServerId(), info.getHostname(), info.getPort(), role, true);
        try {
            if (order.contains(clusterId, info.getServerId())) {
                order.update(slot, fence.get());
            } else {
                order.append(slot, fence.get());
            }
        } catch (Exception e) {
            failures.warn("cannot write the registration of {} to ZooKeeper: {}", name, describe(e));
            refuse.accept("the coordinator cannot write the registration of " + name + " to ZooKeeper: " + describe(e));
            return;
        }
        apply.run();
        recordMaster(clusterId);
    }

    /** Writes the cluster's master when it changed, so a new leader keeps it (docs/CONTRACT.md sections 8, 10). */
    private void recordMaster(int clusterId) {
        int master = takeover.masterServerId(clusterId);
        if (master == order.recordedMaster(clusterId)) {
            return;
        }
        try {
            order.recordMaster(clusterId, master, fence.get());
            order.rememberMaster(clusterId, master);
        } catch (Exception e) {
            failures.warn("cannot record the master of cluster {} in ZooKeeper ({})", clusterId, describe(e));
        }
    }

    /** Deaths are recorded so that a new leader does not hand clients to a server it has never heard from. */
    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        submit(() -> {
            if (!order.contains(server.clusterId(), server.serverId())) {
                return;
            }
            Slot dead = new Slot(server.clusterId(), server.serverId(), server.endpoint().host(),
                    server.endpoint().port(), server.endpoint().type(), false);
            try {
                order.update(dead, fence.get());
            } catch (Exception e) {
                failures.warn("cannot record the death of {} in ZooKeeper ({}): a new leader gives it a fresh lease",
                        dead.name(), describe(e));
            }
            recordMaster(server.clusterId());
        });
    }

    /** On the writer's thread: the table becomes ZooKeeper's order, every live lease starting now. */
    List<Slot> loadIntoTable() throws Exception {
        List<Slot> slots = order.load();
        takeover.clear();
        for (Slot slot : slots) {
            takeover.restore(slot.clusterId(), slot.serverId(), slot.host(), slot.port(), slot.role(), slot.alive());
        }
        // Each leader's epochs lie above every earlier leader's: its election number in the high half.
        long firstEpoch = electionNumber(fence.get()) << 32;
        for (int cluster = 1; cluster <= order.clusters(); cluster++) {
            int recorded = order.master(cluster);
            order.rememberMaster(cluster, recorded);
            takeover.takeOverMastership(cluster, recorded, firstEpoch);
            recordMaster(cluster);
        }
        return slots;
    }

    /** The sequence number ZooKeeper gave this coordinator's election node: higher for every later election. */
    static long electionNumber(String electionNode) {
        int digits = electionNode.length();
        while (digits > 0 && Character.isDigit(electionNode.charAt(digits - 1))) {
            digits--;
        }
        return Long.parseLong(electionNode.substring(digits));
    }

    void clearTable() {
        takeover.clear();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
