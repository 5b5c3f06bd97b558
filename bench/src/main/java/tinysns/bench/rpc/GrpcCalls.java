package tinysns.bench.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import tinysns.bench.grpc.proto.CoordinatorGrpc;
import tinysns.bench.grpc.proto.Heartbeat;
import tinysns.bench.grpc.proto.ID;

/**
 * gRPC-java's client side: one {@link ManagedChannel} per connection (each holds one HTTP/2 connection), unary
 * calls through the async stub, and the blocking stub for the one-in-flight path, as gRPC users write them.
 * Tuned: {@code directExecutor()}, so a reply's callback runs on the event loop.
 */
final class GrpcCalls implements CoordinatorCalls {

    private final ManagedChannel[] channels;
    private final CoordinatorGrpc.CoordinatorStub[] stubs;
    private final CoordinatorGrpc.CoordinatorBlockingStub blocking;
    private final Heartbeat[] heartbeats = new Heartbeat[SlotCount.SLOTS];
    private final ID[] clientIds = new ID[SlotCount.SLOTS];

    private GrpcCalls(ManagedChannel[] channels) {
        this.channels = channels;
        this.stubs = new CoordinatorGrpc.CoordinatorStub[channels.length];
        for (int i = 0; i < channels.length; i++) {
            stubs[i] = CoordinatorGrpc.newStub(channels[i]);
        }
        this.blocking = CoordinatorGrpc.newBlockingStub(channels[0]);
        for (int slot = 0; slot < SlotCount.SLOTS; slot++) {
            try { // the same fields, so the same bytes on the wire as tinysns's own messages
                heartbeats[slot] = Heartbeat.parseFrom(BenchServers.heartbeat(slot).toByteArray());
                clientIds[slot] = ID.parseFrom(BenchServers.getServer(slot).toByteArray());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the gRPC baseline's messages no longer match tinysns's", e);
            }
        }
    }

    static GrpcCalls connect(int port, int count, boolean directExecutor) {
        ManagedChannel[] channels = new ManagedChannel[count];
        for (int i = 0; i < count; i++) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(BenchServers.HOST, port)
                    .usePlaintext()
                    .withOption(ChannelOption.TCP_NODELAY, true);
            if (directExecutor) {
                builder.directExecutor();
            }
            channels[i] = builder.build();
        }
        GrpcCalls calls = new GrpcCalls(channels);
        // Channels connect lazily: open every connection now, before anything is measured.
        for (int i = 0; i < count; i++) {
            CoordinatorGrpc.newBlockingStub(channels[i]).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .heartbeat(calls.heartbeats[0]);
        }
        return calls;
    }

    @Override
    public void heartbeat(int connection, int slot, CallDone done) {
        stubs[connection].heartbeat(heartbeats[slot], new Completion<>(done));
    }

    @Override
    public void getServer(int connection, int clientId, CallDone done) {
        stubs[connection].getServer(clientIds[(clientId - 1) % SlotCount.SLOTS], new Completion<>(done));
    }

    @Override
    public void heartbeatAndWait(int slot) {
        blocking.heartbeat(heartbeats[slot]);
    }

    @Override
    public void getServerAndWait(int clientId) {
        blocking.getServer(clientIds[(clientId - 1) % SlotCount.SLOTS]);
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Turns a unary call's observer callbacks into one {@link CallDone}. */
    private static final class Completion<T> implements StreamObserver<T> {
        private final CallDone done;

        Completion(CallDone done) {
            this.done = done;
        }

        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable failure) {
            done.done(failure);
        }

        @Override
        public void onCompleted() {
            done.done(null);
        }
    }
}
