package tinysns.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.ProtocolErrorHandler;
import tinysns.protocol.WireLimits;

/**
 * A listening socket whose connections speak the tinysns framing and hand every request to one dispatcher.
 * Pipeline: flush consolidation, frame decoder, envelope codec, [extra handlers], dispatcher, error handler.
 */
public final class RpcServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RpcServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds and starts serving. Blocks until bound, so call it from a main thread, never an event loop.
     *
     * @param extraHandlers adds handlers between the codec and the dispatcher (limits, metrics); may do nothing
     * @throws PortInUseException when the port is taken
     */
    public static RpcServer start(String host, int port, int ioThreads, WireLimits limits,
                                  Consumer<ChannelPipeline> extraHandlers, RequestDispatcher dispatcher) throws IOException {
        EventLoopGroup group = Transport.newGroup(ioThreads, "tinysns-io");
        ChannelGroup connections = new DefaultChannelGroup("tinysns-connections", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        // Replies written while a read batch is being handled leave in one write syscall.
                        p.addLast("flushConsolidation", new FlushConsolidationHandler(256, true));
                        FrameCodec.install(p, limits);
                        extraHandlers.accept(p);
                        p.addLast("dispatcher", dispatcher);
                        p.addLast("errors", ProtocolErrorHandler.INSTANCE);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (isAddressInUse(e)) {
                throw new PortInUseException(host, port, e);
            }
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new RpcServer(group, channel, connections);
    }

    /** NIO reports a taken port as a BindException; epoll as a native IOException saying "Address already in use". */
    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int connectionCount() {
        return connections.size();
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
    }
}
