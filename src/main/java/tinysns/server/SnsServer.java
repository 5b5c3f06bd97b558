package tinysns.server;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcServer;

/**
 * The Tiny SNS service on a port, with its state loaded from and kept in its data directory. Start one in a test
 * with {@code SnsServer.start(SnsServerOptions.forTests(dir))}; it serves until {@link #close()}.
 */
public final class SnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnsServer.class);
    private static final long LEASE_CHECK_MILLIS = 100;

    private final SnsFiles files;
    private final CommitLoop loop;
    private final SnsService service;
    private final RpcServer rpc;
    private final String bindHost;
    private final ServerMetrics metrics;
    private final Mirror mirror;
    private final RpcClient mirrorRpc;

    private SnsServer(SnsFiles files, CommitLoop loop, SnsService service, RpcServer rpc, String bindHost,
                      ServerMetrics metrics, Mirror mirror, RpcClient mirrorRpc) {
        this.mirror = mirror;
        this.mirrorRpc = mirrorRpc;
        this.bindHost = bindHost;
        this.metrics = metrics;
        this.files = files;
        this.loop = loop;
        this.service = service;
        this.rpc = rpc;
    }

    /** Every change this server applied, in order: what mirroring and synchronizers read. */
    public ChangeLog changeLog() {
        return loop.changeLog();
    }

    /**
     * Loads the data directory and starts listening. Blocks until bound.
     *
     * @throws tinysns.rpc.PortInUseException when the port is taken
     * @throws IOException when the data directory cannot be read, is malformed, or is used by another server
     */
    public static SnsServer start(SnsServerOptions options) throws IOException {
        return start(options, null);
    }

    /**
     * As {@link #start(SnsServerOptions)}, timing out half-sent frames and quiet connections on {@code timer}
     * (the role's own, not stopped by {@link #close()}); null gives the server a timer of its own.
     */
    public static SnsServer start(SnsServerOptions options, Timer timer) throws IOException {
        return start(options, timer, Replication.none());
    }

    /**
     * As {@link #start(SnsServerOptions, Timer)}, for a server of a cluster that may hold a master and its slaves:
     * it serves clients only as {@code replication}'s state allows, mirrors its changes to its slaves while master,
     * and applies its master's while slave. {@code timer} must not be null when the server is replicated.
     */
    public static SnsServer start(SnsServerOptions options, Timer timer, Replication replication) throws IOException {
        int cluster = replication.cluster();
        SnsState state = new SnsState();
        ChangeLog log = new ChangeLog();
        SnsFiles files = SnsFiles.open(options.dataDir(), state, log, cluster);
        LOG.info("loaded {}: {} users, {} posts", options.dataDir(), state.users().size(), state.postCount());
        ServerMetrics metrics = new ServerMetrics();
        CommitLoop.Disk localDisk = new CommitLoop.Disk() {
            @Override
            public boolean hasPending() {
                return files.hasPending();
            }

            @Override
            public void sync() throws IOException {
                long start = System.nanoTime();
                files.sync();
                metrics.fsyncTook(System.nanoTime() - start);
            }
        };
        Mirror[] mirror = new Mirror[1];
        CommitLoop loop = new CommitLoop("tinysns-commit", new CommitLoop.Disk() {
            @Override
            public boolean hasPending() {
                return files.hasPending();
            }

            @Override
            public void sync() throws IOException {
                if (mirror[0] == null) {
                    localDisk.sync();
                } else {
                    mirror[0].syncMirrored(localDisk);
                }
            }
        }, log);
        ChangeApplier changes = new ChangeApplier(state, files, log, cluster);
        ReplicaState replica = replication.replica();
        SnsService service = new SnsService(state, changes, loop, options.clock(), options.serviceLimits().maxPostLength(),
                metrics, replica);
        RequestDispatcher.Builder dispatcher = service.register(RequestDispatcher.builder());
        // The synchronizer beside this server, if any (docs/SYNCHRONIZERS.md): the own changes out, other clusters' in.
        new SyncService(changes, state, new ChangeFeed(log, loop, cluster), loop, service, replica, cluster,
                options.peerSecret()).register(dispatcher);
        RpcClient mirrorRpc = null;
        if (replication.replicated()) {
            new MirrorService(cluster, replica, loop, changes, new FailoverWatch(replica, timer, System::nanoTime),
                    options.peerSecret()).register(dispatcher);
            mirrorRpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive()
                    .withRequestTimeout(replication.mirrorTimeout()));
            mirror[0] = new Mirror(cluster, replication.serverId(), replica, loop, log, mirrorRpc, timer,
                    options.peerSecret());
            replica.addListener(mirror[0]);
            watchLease(timer, replica, mirror[0]);
        }
        try {
            RpcServer rpc = timer == null
                    ? RpcServer.start(options.bindHost(), options.port(), options.rpcOptions(), dispatcher.build())
                    : RpcServer.start(options.bindHost(), options.port(), options.rpcOptions(), timer, dispatcher.build());
            metrics.readFrom(rpc);
            return new SnsServer(files, loop, service, rpc, options.bindHost(), metrics, mirror[0], mirrorRpc);
        } catch (IOException | RuntimeException e) {
            loop.close();
            closeMirror(mirror[0], mirrorRpc);
            files.close();
            throw e;
        }
    }

    /** Checks the master's lease every tick, so it stops serving (and drops its clients) the moment it runs out. */
    private static void watchLease(Timer timer, ReplicaState replica, Mirror mirror) {
        timer.newTimeout(new TimerTask() {
            @Override
            public void run(Timeout timeout) {
                replica.checkLease();
                if (!mirror.isClosed()) {
                    timer.newTimeout(this, LEASE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        }, LEASE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void closeMirror(Mirror mirror, RpcClient mirrorRpc) {
        if (mirror != null) {
            mirror.close();
        }
        if (mirrorRpc != null) {
            mirrorRpc.close();
        }
    }

    public int port() {
        return rpc.port();
    }

    public String listenAddress() {
        return bindHost + ":" + rpc.port();
    }

    public Path dataDir() {
        return files.dir();
    }

    /** Clients connected, posts, follows, fsync latency, pushes dropped: what {@code /metrics} serves. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The slaves in sync with this master now (addresses); empty for a slave or a lone server. */
    public java.util.List<String> inSyncSlaves() {
        return mirror == null ? java.util.List.of() : mirror.inSync();
    }

    /** The server IDs of the slaves in sync with this master now: what it reports to the coordinator. */
    public java.util.Set<Integer> inSyncServerIds() {
        return mirror == null ? java.util.Set.of() : mirror.inSyncIds();
    }

    /** Timeline posts not sent to followers that were not reading them (counted by the RPC server). */
    public long droppedPushes() {
        return rpc.stats().droppedPushes();
    }

    /**
     * Stops accepting connections, answers every request already received (their changes made durable), closes the
     * connections and the files.
     */
    /**
     * Stops taking connections and requests, and answers every request already received (their changes durable and
     * mirrored); the connections, including the links to slaves, stay open until {@link #close()}.
     */
    public void drain() {
        rpc.stopAccepting();
        stopWaitingForTheCoordinator();
        loop.close();
    }

    /** A batch waiting for the coordinator to confirm a smaller in-sync set is refused now, not after a lease. */
    private void stopWaitingForTheCoordinator() {
        if (mirror != null) {
            mirror.stopping();
        }
    }

    @Override
    public void close() {
        rpc.stopAccepting();
        stopWaitingForTheCoordinator();
        loop.close();
        closeMirror(mirror, mirrorRpc);
        rpc.close();
        try {
            files.close();
        } catch (IOException e) {
            LOG.warn("closing the data files of {}: {}", files.dir(), e.toString());
        }
    }
}
