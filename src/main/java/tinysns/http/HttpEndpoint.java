package tinysns.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import tinysns.rpc.PortInUseException;
import tinysns.rpc.Transport;

/** A small HTTP/1.1 server on Netty's own codec, for the dashboard, JSON and /metrics. One I/O thread is plenty. */
public final class HttpEndpoint implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpEndpoint(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Binds (blocking, so call it from a main thread). */
    public static HttpEndpoint start(String host, int port, HttpRoutes routes) throws IOException {
        EventLoopGroup group = Transport.newGroup(1, "tinysns-http");
        HttpRequestHandler handler = new HttpRequestHandler(routes);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverSocketChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(60))
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(handler);
                    }
                });
        try {
            return new HttpEndpoint(group, bootstrap.bind(host, port).syncUninterruptibly().channel());
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (PortInUseException.isAddressInUse(e)) {
                throw new PortInUseException(host, port, e);
            }
            throw new IOException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
