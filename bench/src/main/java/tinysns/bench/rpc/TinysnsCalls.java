package tinysns.bench.rpc;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * The product's client side: one {@link RpcClient} with its default options (its own single event loop, one shared
 * timer for request timeouts) and a few {@link RpcConnection}s. A reply's callback runs on that event loop, so a
 * request sent from it goes out with the flushes combined the way the product combines them.
 */
final class TinysnsCalls implements CoordinatorCalls {

    private final HashedWheelTimer timer;
    private final RpcClient client;
    private final RpcConnection[] connections;
    private final Heartbeat[] heartbeats = new Heartbeat[SlotCount.SLOTS];
    private final ID[] clientIds = new ID[SlotCount.SLOTS];

    private TinysnsCalls(HashedWheelTimer timer, RpcClient client, RpcConnection[] connections) {
        this.timer = timer;
        this.client = client;
        this.connections = connections;
        for (int slot = 0; slot < SlotCount.SLOTS; slot++) {
            heartbeats[slot] = BenchServers.heartbeat(slot);
            clientIds[slot] = BenchServers.getServer(slot);
        }
    }

    static TinysnsCalls connect(int port, int count) {
        HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("request-timeouts", true));
        RpcClient client = new RpcClient(timer, RpcClientOptions.DEFAULT);
        RpcConnection[] connections = new RpcConnection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = client.connect(BenchServers.HOST, port).orTimeout(10, TimeUnit.SECONDS).join();
        }
        return new TinysnsCalls(timer, client, connections);
    }

    @Override
    public void heartbeat(int connection, int slot, CallDone done) {
        connections[connection].call(Envelope.newBuilder().setHeartbeat(heartbeats[slot]))
                .whenComplete((reply, failure) -> done.done(failure));
    }

    @Override
    public void getServer(int connection, int clientId, CallDone done) {
        connections[connection].call(Envelope.newBuilder().setGetServer(clientIds[(clientId - 1) % SlotCount.SLOTS]))
                .whenComplete((reply, failure) -> done.done(failure));
    }

    @Override
    public void heartbeatAndWait(int slot) {
        join(connections[0].call(Envelope.newBuilder().setHeartbeat(heartbeats[slot])));
    }

    @Override
    public void getServerAndWait(int clientId) {
        join(connections[0].call(Envelope.newBuilder().setGetServer(clientIds[(clientId - 1) % SlotCount.SLOTS])));
    }

    private static void join(CompletableFuture<Envelope> reply) {
        reply.join();
    }

    @Override
    public void close() {
        for (RpcConnection connection : connections) {
            connection.close();
        }
        client.close();
        timer.stop();
    }
}
