package tinysns.server;

import tinysns.metrics.Counter;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.rpc.RequestContext;

/**
 * Sends timeline posts to followers' open streams. A follower whose connection has more than its write-buffer
 * limit waiting (it does not read) loses the post rather than making the server hold an ever-growing backlog;
 * the loss is counted here (into the server's metrics) and logged (at most once a second) by the RPC layer.
 */
final class TimelinePusher {

    private final Counter dropped;

    TimelinePusher(Counter dropped) {
        this.dropped = dropped;
    }

    void push(RequestContext stream, Message post) {
        // pushIfWritable drops (and logs) a push for a client that is not reading; closed streams just end.
        if (!stream.pushIfWritable(Envelope.newBuilder().setTimelinePost(post)) && stream.channel().isActive()) {
            dropped.increment();
        }
    }

    long droppedCount() {
        return dropped.value();
    }
}
