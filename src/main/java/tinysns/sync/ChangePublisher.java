package tinysns.sync;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tinysns.protocol.proto.Change;

/**
 * Publishes this cluster's changes, in order, as persistent messages on a channel in confirm mode, and knows up to
 * which number the broker has confirmed every one of them. That number is written (now and then) to the cluster's
 * {@code tinysns.published.c<cluster>} queue, where whichever synchronizer publishes next, after a restart or a
 * failover, reads where to resume. Resuming earlier than needed is harmless (receivers skip what they hold);
 * resuming later would lose changes, so the number is written only after the confirms. Used on one thread.
 */
final class ChangePublisher {

    private final Channel channel;
    private final int cluster;
    /** A published message the broker has not confirmed yet: its last change's number, and the one before its first. */
    private record Unconfirmed(long seq, long previous) {
    }

    /** By publish sequence number: the changes the broker has not confirmed yet. */
    private final TreeMap<Long, Unconfirmed> unconfirmed = new TreeMap<>();
    private final Set<Long> markers = new HashSet<>();
    private long lastPublished;
    private long markerWritten;

    /** @param resumeAfter the number up to which this cluster's changes are already confirmed */
    ChangePublisher(Channel channel, int cluster, long resumeAfter) {
        this.channel = channel;
        this.cluster = cluster;
        this.lastPublished = resumeAfter;
        this.markerWritten = resumeAfter;
    }

    /** Where the cluster's publishing resumes: the newest confirmed number written, or 0. Leaves it in place. */
    static long readResumePoint(Channel channel, int cluster) throws IOException {
        GetResponse newest = channel.basicGet(SyncTopology.publishedQueueOf(cluster), false);
        if (newest == null) {
            return 0;
        }
        channel.basicReject(newest.getEnvelope().getDeliveryTag(), true);
        try {
            return Long.parseLong(new String(newest.getBody(), StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            return 0; // unreadable: starting from the beginning loses nothing
        }
    }

    /**
     * Publishes, as one message, the changes not published yet (one commit's worth, in order), stamped with this
     * cluster as origin.
     */
    void publish(List<Change> changes) throws IOException {
        List<Change> fresh = new ArrayList<>(changes.size());
        for (Change change : changes) {
            if (change.getOriginSeq() > lastPublished) {
                fresh.add(change.getOriginCluster() == cluster ? change
                        : change.toBuilder().setOriginCluster(cluster).build());
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        long last = fresh.get(fresh.size() - 1).getOriginSeq();
        unconfirmed.put(channel.getNextPublishSeqNo(), new Unconfirmed(last, lastPublished));
        channel.basicPublish(SyncTopology.CHANGES, SyncTopology.routingKey(cluster), false,
                ChangeMessages.properties(fresh, lastPublished), ChangeMessages.body(fresh));
        lastPublished = last;
    }

    /** The broker took everything up to publish number {@code tag} (or just {@code tag}) into every queue. */
    void confirmed(long tag, boolean multiple) {
        if (multiple) {
            unconfirmed.headMap(tag, true).clear();
            markers.removeIf(marker -> marker <= tag);
        } else {
            unconfirmed.remove(tag);
            markers.remove(tag);
        }
    }

    /** True when publish number {@code tag} (or one up to it) was a change, not a resume marker. */
    boolean coversChange(long tag, boolean multiple) {
        return multiple ? !unconfirmed.headMap(tag, true).isEmpty() : unconfirmed.containsKey(tag);
    }

    /**
     * The newest number such that it and every change before it are confirmed. It is always the number of a change
     * published (or the resume point itself), never one in between: the next publisher names it as the first
     * change's predecessor, and a receiver waits for that predecessor to arrive, so a number no message carries
     * would hold every later change forever.
     */
    long confirmedThrough() {
        return unconfirmed.isEmpty() ? lastPublished : unconfirmed.firstEntry().getValue().previous();
    }

    long lastPublished() {
        return lastPublished;
    }

    /** Writes the confirmed number to the cluster's resume queue when it moved since last written. */
    void writeResumePoint() throws IOException {
        long confirmed = confirmedThrough();
        if (confirmed <= markerWritten) {
            return;
        }
        markers.add(channel.getNextPublishSeqNo());
        channel.basicPublish("", SyncTopology.publishedQueueOf(cluster), MessageProperties.PERSISTENT_TEXT_PLAIN,
                Long.toString(confirmed).getBytes(StandardCharsets.US_ASCII));
        markerWritten = confirmed;
    }
}
