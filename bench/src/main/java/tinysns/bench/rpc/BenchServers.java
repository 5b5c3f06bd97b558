package tinysns.bench.rpc;

import tinysns.bench.harness.ServerNumbering;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;

/**
 * The simulated servers that heartbeat in the RPC benchmarks, one per in-flight slot: slot {@code s} is server
 * {@code s / 3 + 1} of cluster {@code s % 3 + 1} at 127.0.0.1:{@code 20000 + s}, of type SERVER. Every transport
 * sends the same fields, so every frame carries the same payload.
 */
public final class BenchServers {

    public static final String HOST = "127.0.0.1";

    private BenchServers() {
    }

    public static int clusterId(int slot) {
        return ServerNumbering.clusterId(slot);
    }

    public static int serverId(int slot) {
        return ServerNumbering.serverId(slot);
    }

    public static int port(int slot) {
        return 20000 + slot;
    }

    /** The client whose assignment is asked for in a get-server call from slot {@code slot}: every cluster in turn. */
    public static int clientId(int slot) {
        return slot + 1;
    }

    /** Slot {@code slot}'s heartbeat; the gRPC baseline parses the same bytes into its own generated class. */
    public static Heartbeat heartbeat(int slot) {
        return Heartbeat.newBuilder()
                .setClusterId(clusterId(slot))
                .setServerInfo(ServerInfo.newBuilder()
                        .setServerId(serverId(slot))
                        .setHostname(HOST)
                        .setPort(port(slot))
                        .setType(ServerType.SERVER))
                .build();
    }

    /** The get-server request of slot {@code slot}. */
    public static ID getServer(int slot) {
        return ID.newBuilder().setId(clientId(slot)).build();
    }
}
