package tinysns.bench.replication;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import tinysns.bench.harness.FreePort;

/**
 * A coordinator and servers 1 and 2 of cluster 1 as processes of the product jar, each with its data directory;
 * one of them master. Restarted servers keep their port and data. Every process is stopped by its PID.
 */
final class ReplicatedCluster implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Path jar;
    private final Path work;
    private final Path logs;
    private final RoleProcess coordinator;
    private final int coordinatorPort;
    private final int[] ports = new int[2];
    private final RoleProcess[] servers = new RoleProcess[2];
    private int master; // 0 or 1: which of servers 1 and 2 is master
    private int starts;

    private ReplicatedCluster(Path jar, Path work, Path logs, RoleProcess coordinator, int coordinatorPort) {
        this.jar = jar;
        this.work = work;
        this.logs = logs;
        this.coordinator = coordinator;
        this.coordinatorPort = coordinatorPort;
    }

    /** A coordinator (10 s lease) and server 1, master of cluster 1 with no slave yet. */
    static ReplicatedCluster start(Path jar, Path work, Path logs) throws Exception {
        int port = FreePort.next();
        RoleProcess coordinator = RoleProcess.start(jar, logs.resolve("replication-coordinator.log"), "coordinator",
                "coordinator", "-p", Integer.toString(port), "--http-port", "off");
        ReplicatedCluster cluster = new ReplicatedCluster(jar, work, logs, coordinator, port);
        try {
            coordinator.awaitLine("listening on", 0, START);
            cluster.ports[0] = FreePort.next();
            cluster.ports[1] = FreePort.next();
            cluster.startServer(0).awaitLine("is MASTER of its cluster", 0, START);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    int coordinatorPort() {
        return coordinatorPort;
    }

    int masterPort() {
        return ports[master];
    }

    int slavePort() {
        return ports[1 - master];
    }

    /** Starts the other server and waits until the master has it in sync and the coordinator has heard so. */
    void startSlave() throws Exception {
        int seen = servers[master].count("is in sync");
        int confirmed = servers[master].count("the coordinator holds its in-sync slaves as [" + (2 - master) + "]");
        startServer(1 - master);
        servers[master].awaitLine("is in sync", seen, START);
        // Only then may the coordinator promote it (docs/CONTRACT.md section 8); a kill before would leave no master.
        servers[master].awaitLine("the coordinator holds its in-sync slaves as [" + (2 - master) + "]", confirmed, START);
    }

    void killMaster() throws InterruptedException {
        servers[master].kill();
    }

    void terminateMaster() {
        servers[master].terminate();
    }

    /** The other server is master now. */
    void failedOver() {
        master = 1 - master;
    }

    /** The former master, stopped, starts again on its port and data: it must come back as slave and catch up. */
    void restartFormerMaster() throws Exception {
        RoleProcess former = servers[1 - master];
        former.close();
        startSlave();
    }

    private RoleProcess startServer(int index) throws IOException {
        int id = index + 1;
        servers[index] = RoleProcess.start(jar, logs.resolve("replication-tsd-" + id + "-" + (++starts) + ".log"),
                "tsd " + id, "tsd", "-c", "1", "-s", Integer.toString(id), "-h", "127.0.0.1",
                "-k", Integer.toString(coordinatorPort), "-p", Integer.toString(ports[index]),
                "--hostname", "127.0.0.1", "--data-dir", work.resolve("server_1_" + id).toString());
        return servers[index];
    }

    @Override
    public void close() throws Exception {
        for (RoleProcess server : servers) {
            if (server != null) {
                server.close();
            }
        }
        coordinator.close();
    }
}
