package tinysns.coordination;

import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RemoteErrorException;

/** What the owner of a {@link HeartbeatSender} hears; both run on an I/O thread, so they must not block. */
public interface HeartbeatListener {

    HeartbeatListener NONE = new HeartbeatListener() { };

    /** Every reply to an accepted heartbeat: the lease, and for a SERVER its role, epoch, master and slaves. */
    default void onReply(HeartbeatReply reply) {
    }

    /**
     * As {@link #onReply(HeartbeatReply)}, with when the heartbeat it answers was sent ({@code System.nanoTime}): a
     * master's lease counts from then (docs/CONTRACT.md section 8). By default the same as the one-argument form.
     */
    default void onReply(HeartbeatReply reply, long sentNanos) {
        onReply(reply);
    }

    /** The coordinator could not be reached (an outage starts or goes on); the sender keeps retrying. */
    default void onUnreachable(Throwable failure) {
    }

    /** The coordinator refused this sender for good (see {@link Rejection}); heartbeats have stopped. Called once. */
    default void onRejected(RemoteErrorException refusal) {
    }
}
