package tinysns.server;

import io.netty.util.Timer;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.rpc.RpcServer;

/**
 * The Tiny SNS service on a port, with its state loaded from and kept in its data directory. Start one in a test
 * with {@code SnsServer.start(SnsServerOptions.forTests(dir))}; it serves until {@link #close()}.
 */
public final class SnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnsServer.class);

    private final SnsFiles files;
    private final CommitLoop loop;
    private final SnsService service;
    private final RpcServer rpc;
    private final String bindHost;
    private final ServerMetrics metrics;

    private SnsServer(SnsFiles files, CommitLoop loop, SnsService service, RpcServer rpc, String bindHost,
                      ServerMetrics metrics) {
        this.bindHost = bindHost;
        this.metrics = metrics;
        this.files = files;
        this.loop = loop;
        this.service = service;
        this.rpc = rpc;
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
        SnsState state = new SnsState();
        SnsFiles files = SnsFiles.open(options.dataDir(), state);
        LOG.info("loaded {}: {} users, {} posts", options.dataDir(), state.users().size(), state.postCount());
        ServerMetrics metrics = new ServerMetrics();
        CommitLoop loop = new CommitLoop("tinysns-commit", new CommitLoop.Disk() {
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
        });
        SnsService service = new SnsService(state, files, loop, options.clock(), options.serviceLimits().maxPostLength(),
                metrics);
        try {
            RpcServer rpc = timer == null
                    ? RpcServer.start(options.bindHost(), options.port(), options.rpcOptions(), service.dispatcher())
                    : RpcServer.start(options.bindHost(), options.port(), options.rpcOptions(), timer, service.dispatcher());
            metrics.readFrom(rpc);
            return new SnsServer(files, loop, service, rpc, options.bindHost(), metrics);
        } catch (IOException | RuntimeException e) {
            loop.close();
            files.close();
            throw e;
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

    /** Timeline posts not sent to followers that were not reading them (counted by the RPC server). */
    public long droppedPushes() {
        return rpc.stats().droppedPushes();
    }

    /**
     * Stops accepting connections, answers every request already received (their changes made durable), closes the
     * connections and the files.
     */
    @Override
    public void close() {
        rpc.stopAccepting();
        loop.close();
        rpc.close();
        try {
            files.close();
        } catch (IOException e) {
            LOG.warn("closing the data files of {}: {}", files.dir(), e.toString());
        }
    }
}
