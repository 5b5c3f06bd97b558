package tinysns.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.SyncChanges;
import tinysns.protocol.proto.SyncSubscribed;
import tinysns.rpc.RequestContext;

/**
 * Streams this server's own changes (those whose origin is its cluster) to the synchronizers subscribed to them,
 * as they happen: told by the {@link ChangeLog} after every batch is on disk, it sends each subscriber, in order,
 * what it has not had yet. A subscriber starts from any position of the log, so one that reconnects (or the
 * synchronizer beside a new master, whose log holds the same positions) asks again from where publishing stopped.
 * Used on the commit loop's thread.
 */
final class ChangeFeed implements ChangeLog.Listener {

    /** Log positions read per step. */
    private static final int PER_READ = 128;
    /**
     * Bytes of changes per push, unless one change alone is more: far below the 1 MiB frame limit (a push that
     * did not fit would be lost to the stream), and each push becomes one broker message.
     */
    private static final int PUSH_BYTES = 256 * 1024;

    private static final class Subscriber {
        final RequestContext stream;
        long next;
        /** Only once the stream's reply is sent: the first message back on a stream is its reply. */
        boolean opened;

        Subscriber(RequestContext stream, long next) {
            this.stream = stream;
            this.next = next;
        }
    }

    private final ChangeLog log;
    private final CommitLoop loop;
    private final int cluster;
    private final List<Subscriber> subscribers = new ArrayList<>();

    ChangeFeed(ChangeLog log, CommitLoop loop, int cluster) {
        this.log = log;
        this.loop = loop;
        this.cluster = cluster;
        log.subscribe(this);
    }

    /** Opens a stream from log position {@code fromPosition} on (1 for all). Only from a task. */
    void subscribe(RequestContext stream, long fromPosition) {
        Subscriber subscriber = new Subscriber(stream, Math.max(1, fromPosition));
        subscribers.add(subscriber);
        // Answered after this batch's sync, so every position up to last_seq is on disk by then.
        loop.afterCommit(stream, () -> {
            stream.reply(stream.envelope().setSyncSubscribed(SyncSubscribed.newBuilder()
                    .setLastSeq(log.durablePosition())));
            subscriber.opened = true;
            send(subscriber);
        });
    }

    @Override
    public void durable(long first, long last) {
        Iterator<Subscriber> each = subscribers.iterator();
        while (each.hasNext()) {
            Subscriber subscriber = each.next();
            if (!subscriber.stream.channel().isActive()) {
                each.remove();
            } else if (subscriber.opened) {
                send(subscriber);
            }
        }
    }

    private void send(Subscriber subscriber) {
        long durable = log.durablePosition();
        while (subscriber.next <= durable) {
            List<Change> read = log.readFrom(subscriber.next, (int) Math.min(PER_READ, durable - subscriber.next + 1));
            SyncChanges.Builder own = SyncChanges.newBuilder();
            int bytes = 0;
            for (Change change : read) {
                if (change.getOriginCluster() != cluster) {
                    continue;
                }
                int size = change.getSerializedSize();
                if (own.getChangesCount() > 0 && bytes + size > PUSH_BYTES) {
                    subscriber.stream.push(subscriber.stream.envelope().setSyncChanges(own));
                    own = SyncChanges.newBuilder();
                    bytes = 0;
                }
                own.addChanges(change);
                bytes += size;
            }
            if (own.getChangesCount() > 0) {
                subscriber.stream.push(subscriber.stream.envelope().setSyncChanges(own));
            }
            subscriber.next += read.size();
        }
    }
}
