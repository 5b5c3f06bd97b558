package tinysns.bench.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tinysns.bench.harness.ChildJvm;
import tinysns.bench.roles.RoleMain;

/**
 * A server of one {@link Target} in a JVM of its own, the client connections to it, and every benchmark slot
 * registered, so that the measured heartbeats are renewals, the steady state of a coordinator. When get-server is
 * measured, the registered servers keep heartbeating every 2 s on a connection of their own, as real servers do,
 * so that their 10-second leases never run out under the clients' calls.
 */
final class RpcFixture implements AutoCloseable {

    /** The same heap for every server role; big enough that GC is rare and alike for all. */
    private static final List<String> SERVER_JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");
    /** Extra flags for the server JVMs, space-separated, e.g. to record a JFR profile of the server side. */
    static final String EXTRA_SERVER_FLAGS_PROPERTY = "tinysns.bench.serverJvmArgs";

    private static final long KEEP_ALIVE_SECONDS = 2;

    final ChildJvm server;
    final CoordinatorCalls calls;
    private final ScheduledExecutorService heartbeats;
    private final CoordinatorCalls heartbeatCalls;

    private RpcFixture(ChildJvm server, CoordinatorCalls calls, ScheduledExecutorService heartbeats,
                       CoordinatorCalls heartbeatCalls) {
        this.server = server;
        this.calls = calls;
        this.heartbeats = heartbeats;
        this.heartbeatCalls = heartbeatCalls;
    }

    static RpcFixture start(Target target, int connections, Op op) {
        List<String> flags = new ArrayList<>(SERVER_JVM_FLAGS);
        String extra = System.getProperty(EXTRA_SERVER_FLAGS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        ChildJvm server = ChildJvm.start("server-" + target.param(), flags,
                RoleMain.class.getName(), List.of(target.role()));
        try {
            int port = Integer.parseInt(server.awaitLine("PORT"));
            CoordinatorCalls calls = target.connect(port, connections);
            for (int slot = 0; slot < SlotCount.SLOTS; slot++) {
                calls.heartbeatAndWait(slot);
            }
            if (op != Op.GET_SERVER) {
                return new RpcFixture(server, calls, null, null);
            }
            CoordinatorCalls heartbeatCalls = target.connect(port, 1);
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "registered-servers-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            heartbeats.scheduleWithFixedDelay(() -> {
                for (int slot = 0; slot < SlotCount.SLOTS; slot++) {
                    heartbeatCalls.heartbeatAndWait(slot);
                }
            }, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            return new RpcFixture(server, calls, heartbeats, heartbeatCalls);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (heartbeats != null) {
                heartbeats.shutdownNow();
                heartbeatCalls.close();
            }
            calls.close();
        } finally {
            server.close();
        }
    }
}
