package tinysns.bench.peers;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext HTTP/2 connection to etcd's client port (gRPC-java, Netty shaded), with threads of its own, so that
 * closing it leaves nothing running: one event loop, on which answers are handled ({@code directExecutor}: every
 * callback of the peer only completes futures and counts), and a small pool for gRPC's own background work.
 */
final class EtcdChannel implements AutoCloseable {

    private final EventLoopGroup eventLoop;
    private final ExecutorService offload;
    private final ManagedChannel channel;

    private EtcdChannel(EventLoopGroup eventLoop, ExecutorService offload, ManagedChannel channel) {
        this.eventLoop = eventLoop;
        this.offload = offload;
        this.channel = channel;
    }

    static EtcdChannel open(URI clientUrl) {
        EventLoopGroup eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("etcd-grpc", true));
        ExecutorService offload = Executors.newCachedThreadPool(new DefaultThreadFactory("etcd-grpc-offload", true));
        ManagedChannel channel = NettyChannelBuilder.forAddress(clientUrl.getHost(), clientUrl.getPort())
                .usePlaintext()
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .offloadExecutor(offload)
                .directExecutor()
                .withOption(ChannelOption.TCP_NODELAY, true)
                .build();
        return new EtcdChannel(eventLoop, offload, channel);
    }

    ManagedChannel channel() {
        return channel;
    }

    /** Waits a few seconds for calls to end (streams should be ended first), then cuts whatever is left. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.shutdownNow();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        offload.shutdownNow();
        try {
            offload.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
