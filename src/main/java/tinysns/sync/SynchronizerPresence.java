package tinysns.sync;

import io.netty.util.Timer;
import tinysns.coordination.HeartbeatListener;
import tinysns.coordination.HeartbeatSender;
import tinysns.rpc.RemoteErrorException;
import java.io.IOException;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcServer;
import tinysns.rpc.RpcServerOptions;

/**
 * How a synchronizer shows in the registry: it holds its port (answering pings only, so the address status.sh
 * shows is real and two synchronizers cannot share one) and heartbeats the coordinator as type SYNCHRONIZER,
 * following a change of coordinator leader as tsd does.
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
                .setSecret(config.secret().toByteString())
                .setServerInfo(ServerInfo.newBuilder()
                        .setServerId(config.id())
                        .setHostname(config.hostname())
                        .setPort(listener.port())
                        .setType(ServerType.SYNCHRONIZER))
                .build();
        HeartbeatSender heartbeats = HeartbeatSender.to(rpc, config.coordinators(), timer,
                heartbeat, config.heartbeatInterval(), new HeartbeatListener() {
                    @Override
                    public void onRejected(RemoteErrorException refusal) {
                        onRejected.run();
                    }
                });
        heartbeats.start();
        return new SynchronizerPresence(listener, heartbeats);
    }

    String listenAddress() {
        return listener.localAddress().getHostString() + ":" + listener.port();
    }

    boolean rejected() {
        return heartbeats.rejected();
    }

    /** Tells the coordinator this synchronizer is stopping (waiting at most a second), then stops heartbeating. */
    @Override
    public void close() {
        if (!heartbeats.rejected()) {
            heartbeats.sayGoodbye(java.time.Duration.ofSeconds(1));
        }
        heartbeats.close();
        listener.close();
    }
}
