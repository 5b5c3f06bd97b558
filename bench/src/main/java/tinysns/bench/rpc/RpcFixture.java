package tinysns.bench.rpc;

import java.util.ArrayList;
import java.util.List;
import tinysns.bench.harness.ChildJvm;
import tinysns.bench.roles.RoleMain;

/**
 * A server of one {@link Target} in a JVM of its own, the client connections to it, and every benchmark slot
 * registered, so that the measured heartbeats are renewals, the steady state of a coordinator.
 */
final class RpcFixture implements AutoCloseable {

    /** The same heap for every server role; big enough that GC is rare and alike for all. */
    private static final List<String> SERVER_JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");
    /** Extra flags for the server JVMs, space-separated, e.g. to record a JFR profile of the server side. */
    static final String EXTRA_SERVER_FLAGS_PROPERTY = "tinysns.bench.serverJvmArgs";

    final ChildJvm server;
    final CoordinatorCalls calls;

    private RpcFixture(ChildJvm server, CoordinatorCalls calls) {
        this.server = server;
        this.calls = calls;
    }

    static RpcFixture start(Target target, int connections) {
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
            return new RpcFixture(server, calls);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            calls.close();
        } finally {
            server.close();
        }
    }
}
