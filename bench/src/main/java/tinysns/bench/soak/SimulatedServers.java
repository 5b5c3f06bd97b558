package tinysns.bench.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tinysns.bench.harness.ServerNumbering;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * Many servers that exist only as heartbeats, numbered as every benchmark numbers them ({@link ServerNumbering}),
 * except that their server IDs start at 2: ID 1 is each cluster's real server. Each beats every interval, the
 * servers' phases spread evenly over it, and their heartbeats share a few connections. {@link #tick} sends every
 * heartbeat due by then.
 */
final class SimulatedServers {

    private final Heartbeat[] heartbeats;
    private final List<RpcConnection> channels = new ArrayList<>();
    private final long intervalNanos;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long sent;

    SimulatedServers(int count, Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.heartbeats = new Heartbeat[count];
        for (int i = 0; i < count; i++) {
            heartbeats[i] = Heartbeat.newBuilder().setClusterId(ServerNumbering.clusterId(i))
                    .setServerInfo(ServerInfo.newBuilder().setServerId(ServerNumbering.serverId(i) + 1)
                            .setHostname(ServerNumbering.host(i)).setPort(ServerNumbering.port(i)).setType(ServerType.SERVER))
                    .build();
        }
    }

    void connect(RpcClient rpc, int port, int channelCount) {
        for (int i = 0; i < channelCount; i++) {
            channels.add(rpc.connect(SoakOptions.HOST, port).join());
        }
    }

    /** Sends the heartbeats due {@code elapsedNanos} after the start. Called from one thread. */
    void tick(long elapsedNanos) {
        long due = (long) ((double) elapsedNanos / intervalNanos * heartbeats.length);
        for (; sent < due; sent++) {
            int server = (int) (sent % heartbeats.length);
            channels.get(server % channels.size()).call(Envelope.newBuilder().setHeartbeat(heartbeats[server]))
                    .whenComplete((reply, failure) -> (failure == null ? accepted : failed).incrementAndGet());
        }
    }

    long sent() {
        return sent;
    }

    long accepted() {
        return accepted.get();
    }

    long failed() {
        return failed.get();
    }

    void close() {
        channels.forEach(RpcConnection::close);
    }
}
