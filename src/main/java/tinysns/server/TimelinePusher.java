package tinysns.server;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.rpc.RequestContext;

/**
 * Sends timeline posts to followers' open streams. A follower whose connection has more than its write-buffer
 * limit waiting (it does not read) loses the post rather than making the server hold an ever-growing backlog;
 * the loss is counted and logged at most once a second.
 */
final class TimelinePusher {

    private static final Logger LOG = LoggerFactory.getLogger(TimelinePusher.class);

    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, 1);
    private final AtomicLong dropped = new AtomicLong();

    void push(int follower, RequestContext stream, Message post) {
        Channel channel = stream.channel();
        if (!channel.isActive()) {
            return;
        }
        if (!channel.isWritable()) {
            dropped.incrementAndGet();
            dropLog.warn("dropping a timeline post of user {} for user {} at {}: that client is not reading its pushes",
                    post.getUsername(), follower, channel.remoteAddress());
            return;
        }
        stream.push(Envelope.newBuilder().setTimelinePost(post));
    }

    long droppedCount() {
        return dropped.get();
    }
}
