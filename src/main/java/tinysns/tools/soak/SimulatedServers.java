package tinysns.tools.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tinysns.coordination.Clusters;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * Many servers that exist only as heartbeats: server {@code i} is in cluster {@code i % 3 + 1} with server ID
 * {@code 2 + i / 3} (ID 1 is each cluster's real server), and beats every interval, the servers' phases spread
 * evenly over it. Their heartbeats share a few connections. {@link #tick} sends every heartbeat due by then.
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
            heartbeats[i] = Heartbeat.newBuilder().setClusterId(i % Clusters.COUNT + 1)
                    .setServerInfo(ServerInfo.newBuilder().setServerId(2 + i / Clusters.COUNT).setHostname("sim-" + i + ".invalid")
                            .setPort(1 + i % 65535).setType(ServerType.SERVER))
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
