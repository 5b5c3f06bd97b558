package tinysns.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link RpcConnection}s. It shares one event loop group and one timer (never created per call) among all
 * the connections it makes.
 */
public final class RpcClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Timer timer;
    private final boolean ownsTimer;
    private final RpcClientOptions options;

    /**
     * A client with an event loop group and a request timer (10 ms tick) of its own, both stopped by
     * {@link #close()}: for a process whose only network work is this client.
     */
    public RpcClient(String timerThreadName, RpcClientOptions options) {
        this(Transport.newGroup(1, "tinysns-client"), true,
                new HashedWheelTimer(new DefaultThreadFactory(timerThreadName, true), 10, TimeUnit.MILLISECONDS), true,
                options);
    }

    /** A client on an event loop group of its own, shut down by {@link #close()}. */
    public RpcClient(Timer timer, RpcClientOptions options) {
        this(Transport.newGroup(1, "tinysns-client"), true, timer, false, options);
    }

    /** A client on a group owned by the caller. */
    public RpcClient(EventLoopGroup group, Timer timer, RpcClientOptions options) {
        this(group, false, timer, false, options);
    }

    private RpcClient(EventLoopGroup group, boolean ownsGroup, Timer timer, boolean ownsTimer, RpcClientOptions options) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.timer = timer;
        this.ownsTimer = ownsTimer;
        this.options = options;
    }

    public RpcClientOptions options() {
        return options;
    }

    /** Connects; the future fails with the connect error (for example {@code ConnectException}) when it cannot. */
    public CompletableFuture<RpcConnection> connect(String host, int port) {
        RpcConnection.ReplyRouter router = new RpcConnection.ReplyRouter();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new RpcClientInitializer(options, router));
        CompletableFuture<RpcConnection> result = new CompletableFuture<>();
        ChannelFuture connecting = bootstrap.connect(host, port);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = connecting.channel();
                RpcConnection connection = new RpcConnection(ch, timer, options.requestTimeout().toMillis());
                router.attach(connection);
                result.complete(connection);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ownsTimer) {
            timer.stop();
        }
    }
}
