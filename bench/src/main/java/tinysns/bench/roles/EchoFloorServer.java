package tinysns.bench.roles;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.WireLimits;
import tinysns.rpc.Transport;

/**
 * The floor: a raw Netty server that cuts the same length-prefixed frames and sends each one back whole, without
 * parsing it. Transport, framing and flush policy are the product's ({@code RpcServer}'s): one writeAndFlush per
 * frame, combined by a {@link FlushConsolidationHandler} while a read batch is handled. So an echoed request is a
 * valid reply for the product's client, which is what drives this server.
 */
public final class EchoFloorServer implements RunningServer {

    private final EventLoopGroup group;
    private final Channel serverChannel;

    private EchoFloorServer(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    public static EchoFloorServer start(int ioThreads) {
        EventLoopGroup group = Transport.newGroup(ioThreads, "echo-io");
        int maxFrame = WireLimits.DEFAULT.maxFrameBytes() + FrameCodec.LENGTH_PREFIX_BYTES;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true));
                        // Keeps the length prefix: the frame goes back byte for byte.
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxFrame, 0, FrameCodec.LENGTH_PREFIX_BYTES, 0, 0, true));
                        ch.pipeline().addLast(Echo.INSTANCE);
                    }
                });
        Channel channel = bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
        return new EchoFloorServer(group, channel);
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        static final Echo INSTANCE = new Echo();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object frame) {
            ctx.writeAndFlush((ByteBuf) frame, ctx.voidPromise());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
