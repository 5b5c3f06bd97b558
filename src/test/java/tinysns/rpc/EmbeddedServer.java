package tinysns.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import tinysns.protocol.FrameCodec;
import tinysns.testing.ManualTimer;
import tinysns.protocol.proto.Envelope;

/** One server connection, built by the real {@link RpcServerInitializer}, on an embedded channel. */
final class EmbeddedServer {

    final ManualTimer timer = new ManualTimer();
    final RpcServerStats stats = new RpcServerStats();
    final EmbeddedChannel channel;

    EmbeddedServer(RpcServerOptions options, RequestDispatcher dispatcher) {
        channel = new EmbeddedChannel(new RpcServerInitializer(options, timer, timer::nanoTime,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), stats, dispatcher));
    }

    /** Delivers these requests in one read, as one TCP segment would. */
    void receive(Envelope... requests) {
        ByteBuf read = channel.alloc().buffer();
        for (Envelope request : requests) {
            read.writeBytes(FrameCodec.frameBytes(request));
        }
        channel.writeInbound(read);
    }

    /** Every frame the server has written so far, decoded. */
    List<Envelope> sent() {
        channel.runPendingTasks();
        List<Envelope> sent = new ArrayList<>();
        for (ByteBuf frame; (frame = channel.readOutbound()) != null; ) {
            try {
                ByteBuffer bytes = frame.nioBuffer();
                bytes.getInt();
                sent.add(Envelope.parseFrom(bytes));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            } finally {
                frame.release();
            }
        }
        return sent;
    }

    void close() {
        channel.finishAndReleaseAll();
    }
}
