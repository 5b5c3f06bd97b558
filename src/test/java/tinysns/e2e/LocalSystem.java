package tinysns.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A whole tinysns started through its real scripts for one test: a coordinator, servers and clients, each a
 * process in one temporary working folder (JVMs with the flags of {@link QuickStart}, as many
 * start on a small machine), all killed by {@link #close()}.
 */
final class LocalSystem implements AutoCloseable {

    private static final Pattern REGISTERED = Pattern.compile("registered with coordinator");
    static final Pattern SYNCHRONIZING = Pattern.compile("synchronizing cluster \\d+ with server");

    private final Path workDir;
    private final String lease;
    private final String heartbeatInterval;
    private final List<ScriptProcess> processes = new ArrayList<>();
    private ScriptProcess coordinator;
    private int coordinatorPort;

    /**
     * @param lease             the coordinator's lease in seconds (the assignment's is 10)
     * @param heartbeatInterval the servers' heartbeat interval in seconds, well under the lease
     */
    LocalSystem(Path workDir, String lease, String heartbeatInterval) {
        this.workDir = workDir;
        this.lease = lease;
        this.heartbeatInterval = heartbeatInterval;
    }

    LocalSystem startCoordinator() {
        coordinatorPort = FreePorts.next();
        coordinator = start("scripts/coordinator.sh", "-p", Integer.toString(coordinatorPort),
                "--lease", lease, "--http-port", "off");
        coordinator.awaitStderr(Pattern.compile("listening on"), ScriptProcess.STARTUP);
        return this;
    }

    ScriptProcess coordinator() {
        return coordinator;
    }

    int coordinatorPort() {
        return coordinatorPort;
    }

    /** Runs status.sh once and waits for it to end; its output holds the table. */
    ScriptProcess status() {
        ScriptProcess status = start("scripts/status.sh", "-k", Integer.toString(coordinatorPort));
        status.awaitExit(ScriptProcess.STARTUP);
        return status;
    }

    /** Where tsd keeps the files of server {@code serverId} of {@code cluster} by default. */
    Path dataDir(int cluster, int serverId) {
        return workDir.resolve("server_" + cluster + "_" + serverId);
    }

    /** Starts a server and waits until the coordinator has it registered. */
    ScriptProcess startServer(int cluster, int serverId, int port) {
        ScriptProcess server = start("scripts/tsd.sh", "-c", Integer.toString(cluster),
                "-s", Integer.toString(serverId), "-h", "localhost", "-k", Integer.toString(coordinatorPort),
                "-p", Integer.toString(port), "--heartbeat-interval", heartbeatInterval);
        server.awaitStderr(REGISTERED, ScriptProcess.STARTUP);
        return server;
    }

    /**
     * Starts synchronizer {@code id} on {@code port} against {@code brokerUri} and waits until it synchronizes with
     * the server beside it (which must be running and registered). Restarted on the same port, it takes its slot back
     * at once.
     */
    ScriptProcess startSynchronizer(int id, int port, String brokerUri) {
        ScriptProcess synchronizer = startIdleSynchronizer(id, port, brokerUri);
        synchronizer.awaitStderr(SYNCHRONIZING, ScriptProcess.STARTUP);
        return synchronizer;
    }

    /** Starts synchronizer {@code id} beside a slave: it registers, and synchronizes only once its server is master. */
    ScriptProcess startIdleSynchronizer(int id, int port, String brokerUri) {
        ScriptProcess synchronizer = start("scripts/synchronizer.sh", "-h", "localhost",
                "-k", Integer.toString(coordinatorPort), "-p", Integer.toString(port), "-i", Integer.toString(id),
                "--broker", brokerUri, "--heartbeat-interval", heartbeatInterval);
        synchronizer.awaitStderr(REGISTERED, ScriptProcess.STARTUP);
        return synchronizer;
    }

    /** Starts a client; it may fail to start, which its output shows. */
    ScriptProcess startClient(int userId) {
        return start("scripts/tsc.sh", "-h", "localhost",
                "-k", Integer.toString(coordinatorPort), "-u", Integer.toString(userId));
    }

    /** Starts a client and waits for the end of its banner (the prompt after it ends no line yet). */
    ScriptProcess loggedInClient(int userId) {
        ScriptProcess client = startClient(userId);
        client.awaitStdout(Pattern.compile("^=====================================$"), ScriptProcess.STARTUP);
        return client;
    }

    /** Starts a script in this system's folder. */
    private ScriptProcess start(String script, String... args) {
        ScriptProcess process = ScriptProcess.start(workDir, Map.of("TINYSNS_JAVA_OPTS", QuickStart.flags()), script, args);
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (ScriptProcess process : processes) {
            process.close();
        }
    }
}
