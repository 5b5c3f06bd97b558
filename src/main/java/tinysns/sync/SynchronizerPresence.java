package tinysns.sync;

import io.netty.util.Timer;
import java.io.IOException;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcServer;
import tinysns.rpc.RpcServerOptions;
import tinysns.server.HeartbeatSender;

/**
 * How a synchronizer shows in the registry: it holds its port (answering pings only, so the address status.sh
 * shows is real and two synchronizers cannot share one) and heartbeats the coordinator as type SYNCHRONIZER.
 */
final class SynchronizerPresence implements AutoCloseable {

    private final RpcServer listener;
    private final HeartbeatSender heartbeats;

    private SynchronizerPresence(RpcServer listener, HeartbeatSender heartbeats) {
        this.listener = listener;
        this.heartbeats = heartbeats;
    }

    static SynchronizerPresence start(SynchronizerConfig config, RpcClient rpc, Timer timer, Runnable onRejected)
            throws IOException {
        RpcServer listener = RpcServer.start(config.bindHost(), config.port(), RpcServerOptions.DEFAULT, timer,
                RequestDispatcher.builder().build());
        Heartbeat heartbeat = Heartbeat.newBuilder()
                .setClusterId(config.cluster())
                .setServerInfo(ServerInfo.newBuilder()
                        .setServerId(config.id())
                        .setHostname(config.hostname())
                        .setPort(listener.port())
                        .setType(ServerType.SYNCHRONIZER))
                .build();
        HeartbeatSender heartbeats = new HeartbeatSender(rpc, timer, config.coordinatorHost(), config.coordinatorPort(),
                heartbeat, config.heartbeatInterval(), HeartbeatSender.backoffFor(config.heartbeatInterval()), onRejected);
        heartbeats.start();
        return new SynchronizerPresence(listener, heartbeats);
    }

    String listenAddress() {
        return listener.localAddress().getHostString() + ":" + listener.port();
    }

    boolean rejected() {
        return heartbeats.rejected();
    }

    @Override
    public void close() {
        heartbeats.close();
        listener.close();
    }
}
