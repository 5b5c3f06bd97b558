package tinysns.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.SyncChanges;
import tinysns.protocol.proto.SyncSubscribed;
import tinysns.rpc.RequestContext;

/**
 * Streams this server's own changes to the synchronizers subscribed to them, as they happen: after every batch
 * that recorded a change, once the batch is on disk, each subscriber is sent what it has not had yet, in order.
 * A subscriber starts from any number, so one that reconnects asks again from where it stopped. Used on the
 * commit loop's thread.
 */
final class ChangeFeed {

    /** Changes per push: a post is at most a few KiB, so a push stays far below the 1 MiB frame limit. */
    private static final int PER_PUSH = 128;

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
    private final List<Subscriber> subscribers = new ArrayList<>();
    private boolean flushScheduled;

    ChangeFeed(ChangeLog log, CommitLoop loop) {
        this.log = log;
        this.loop = loop;
    }

    /** Records a change of this server's own users; it goes out once this batch is on disk. Only from a task. */
    void local(Change.Builder change) {
        log.recordLocal(change);
        if (!subscribers.isEmpty()) {
            scheduleFlush();
        }
    }

    /** Opens a stream from change number {@code fromSeq} on (1 for all). Only from a task. */
    void subscribe(RequestContext stream, long fromSeq) {
        Subscriber subscriber = new Subscriber(stream, Math.max(1, fromSeq));
        subscribers.add(subscriber);
        // Answered after this batch's sync: every change numbered up to last_seq is on disk by then.
        long last = log.lastLocalSeq();
        loop.afterCommit(stream, () -> {
            stream.reply(Envelope.newBuilder().setSyncSubscribed(SyncSubscribed.newBuilder().setLastSeq(last)));
            subscriber.opened = true;
            flush();
        });
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.afterCommit(null, this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        Iterator<Subscriber> each = subscribers.iterator();
        while (each.hasNext()) {
            Subscriber subscriber = each.next();
            if (!subscriber.stream.channel().isActive()) {
                each.remove();
                continue;
            }
            if (!subscriber.opened) {
                continue;
            }
            while (subscriber.next <= log.lastLocalSeq()) {
                List<Change> changes = log.localFrom(subscriber.next, PER_PUSH);
                subscriber.stream.push(Envelope.newBuilder().setSyncChanges(SyncChanges.newBuilder().addAllChanges(changes)));
                subscriber.next += changes.size();
            }
        }
    }
}
