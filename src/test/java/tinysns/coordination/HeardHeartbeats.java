package tinysns.coordination;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;

/** What the heartbeat sender tests send (server 7 of cluster 2, every 200 ms) and every reply and refusal heard. */
final class HeardHeartbeats implements HeartbeatListener {

    static final Duration INTERVAL = Duration.ofMillis(200);
    static final Heartbeat HEARTBEAT = Heartbeat.newBuilder()
            .setClusterId(2)
            .setServerInfo(ServerInfo.newBuilder().setServerId(7).setHostname("localhost").setPort(10007)
                    .setType(ServerType.SERVER))
            .build();

    final List<HeartbeatReply> replies = new CopyOnWriteArrayList<>();
    final List<RemoteErrorException> rejections = new CopyOnWriteArrayList<>();

    @Override
    public void onReply(HeartbeatReply reply) {
        replies.add(reply);
    }

    @Override
    public void onRejected(RemoteErrorException refusal) {
        rejections.add(refusal);
    }
}
