package tinysns.coordination;

import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RemoteErrorException;

/** What the owner of a {@link HeartbeatSender} hears; both run on an I/O thread, so they must not block. */
public interface HeartbeatListener {

    HeartbeatListener NONE = new HeartbeatListener() { };

    /** Every reply to an accepted heartbeat: the lease, and for a SERVER its role, epoch, master and slaves. */
    default void onReply(HeartbeatReply reply) {
    }

    /** The coordinator refused this sender for good (see {@link Rejection}); heartbeats have stopped. Called once. */
    default void onRejected(RemoteErrorException refusal) {
    }
}
