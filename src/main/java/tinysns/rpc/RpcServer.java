package tinysns.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tinysns.protocol.WireLimits;

/**
 * A listening socket whose connections speak the tinysns framing and hand every request to one dispatcher,
 * within the limits of its {@link RpcServerOptions}. The pipeline is built by {@link RpcServerInitializer}.
 */
public final class RpcServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final RpcServerStats stats;
    private final Timer ownTimer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RpcServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections,
                      RpcServerStats stats, Timer ownTimer) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.stats = stats;
        this.ownTimer = ownTimer;
    }

    /**
     * Binds and starts serving with the default limits of {@link RpcServerOptions#DEFAULT} (and this frame limit).
     * Blocks until bound, so call it from a main thread, never an event loop.
     *
     * @param ioThreads     event loop threads; 0 or less picks the default
     * @throws PortInUseException when the port is taken
     */
    public static RpcServer start(String host, int port, int ioThreads, WireLimits limits,
                                  RequestDispatcher dispatcher) throws IOException {
        RpcServerOptions options = RpcServerOptions.DEFAULT.withLimits(limits);
        return start(host, port, ioThreads > 0 ? options.withIoThreads(ioThreads) : options, dispatcher);
    }

    /** Binds and starts serving with a timer of its own (for the partial-frame timeout), stopped by {@link #close}. */
    public static RpcServer start(String host, int port, RpcServerOptions options,
                                  RequestDispatcher dispatcher) throws IOException {
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("tinysns-server-timer", true),
                100, TimeUnit.MILLISECONDS);
        try {
            return start(host, port, options, timer, timer, dispatcher);
        } catch (IOException | RuntimeException e) {
            timer.stop();
            throw e;
        }
    }

    /**
     * Binds and starts serving, timing partial frames out on the given timer (shared, not stopped by close).
     * Blocks until bound, so call it from a main thread, never an event loop.
     *
     * @throws PortInUseException when the port is taken
     */
    public static RpcServer start(String host, int port, RpcServerOptions options, Timer timer,
                                  RequestDispatcher dispatcher) throws IOException {
        return start(host, port, options, timer, null, dispatcher);
    }

    private static RpcServer start(String host, int port, RpcServerOptions options, Timer timer, Timer ownTimer,
                                   RequestDispatcher dispatcher) throws IOException {
        EventLoopGroup group = Transport.newGroup(options.ioThreads(), "tinysns-io");
        ChannelGroup connections = new DefaultChannelGroup("tinysns-connections", GlobalEventExecutor.INSTANCE);
        RpcServerStats stats = new RpcServerStats();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new RpcServerInitializer(options, timer, System::nanoTime, connections, stats,
                        dispatcher));
        Channel channel;
        try {
            channel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (PortInUseException.isAddressInUse(e)) {
                throw new PortInUseException(host, port, e);
            }
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new RpcServer(group, channel, connections, stats, ownTimer);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Connections open and admitted (refused ones are not counted). */
    public int connectionCount() {
        return connections.size();
    }

    public RpcServerStats stats() {
        return stats;
    }

    /** Stops accepting new connections; the open ones keep being served. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Closes every connection and releases the I/O threads, after letting queued replies go out. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopAccepting();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownTimer != null) {
            ownTimer.stop();
        }
    }
}
