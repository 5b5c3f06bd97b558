package tinysns.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tinysns.protocol.proto.Change;

/**
 * Every change this server applied (a user added, a follow, an unfollow, a post), in one order: positions 1, 2, 3,
 * ... This is what a master mirrors to its slaves and what a synchronizer reads to carry a cluster's changes to the
 * others (docs/CONTRACT.md sections 8 and 9). The order survives restarts: {@code order.txt} in the data directory
 * says which file holds each position's record (see {@link SnsFiles}), so a position names the same change on every
 * start, and on a master and its in-sync slaves alike.
 *
 * <p>Two ways to consume it:
 * <ul>
 *   <li>{@link #readFrom(long, int)}: the changes from a position on (a consumer that remembers where it was);</li>
 *   <li>{@link #subscribe(Listener)}: told of each batch once it is on disk here, in order, on the commit thread
 *       (keep it quick; hand slow work to a thread of your own and read the changes with {@code readFrom}).</li>
 * </ul>
 * Each position also has a running hash of every change up to it, so two servers can tell whether their logs agree
 * up to a position without comparing the changes ({@link #hashAt}).
 *
 * <p>Appended to only by the commit loop's thread (and the loader before start); read from any thread.
 */
public final class ChangeLog {

    /** Told when changes have become durable here. */
    public interface Listener {
        /**
         * Positions {@code first} to {@code last} (inclusive) are on disk. Called on the commit thread, in order,
         * never twice for one position.
         */
        void durable(long first, long last);

        /** The log was emptied (a slave about to take a full copy): what was learnt from it no longer holds. */
        default void cleared() {
        }
    }

    private final List<Change> changes = new ArrayList<>();
    private long[] hashes = new long[64];
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long durable;

    /**
     * Appends a change and returns its position. Called by the one thread that applies changes.
     */
    public synchronized long append(Change change) {
        long previous = changes.isEmpty() ? 0 : hashes[changes.size() - 1];
        changes.add(change);
        if (changes.size() > hashes.length) {
            hashes = Arrays.copyOf(hashes, hashes.length * 2);
        }
        hashes[changes.size() - 1] = chain(previous, change);
        return changes.size();
    }

    /** The position of the newest change; 0 when there is none. */
    public synchronized long lastPosition() {
        return changes.size();
    }

    /** The newest position known to be on disk. */
    public synchronized long durablePosition() {
        return durable;
    }

    /** The change at {@code position} (1-based). */
    public synchronized Change at(long position) {
        return changes.get(Math.toIntExact(position - 1));
    }

    /** Up to {@code max} changes from {@code fromPosition} on (1-based, inclusive); empty past the end. */
    public synchronized List<Change> readFrom(long fromPosition, int max) {
        if (fromPosition < 1) {
            throw new IllegalArgumentException("positions start at 1, got " + fromPosition);
        }
        int from = (int) Math.min(fromPosition - 1, changes.size());
        int to = (int) Math.min((long) from + max, changes.size());
        return List.copyOf(changes.subList(from, to));
    }

    /** The running hash of positions 1 to {@code position}; 0 for position 0. */
    public synchronized long hashAt(long position) {
        if (position < 0 || position > changes.size()) {
            throw new IllegalArgumentException("no position " + position + " (the log holds 1 to " + changes.size() + ")");
        }
        return position == 0 ? 0 : hashes[(int) position - 1];
    }

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    /** Forgets every change, and tells the listeners: a slave about to take a full copy from its master. */
    void clear() {
        synchronized (this) {
            changes.clear();
            durable = 0;
        }
        for (Listener listener : listeners) {
            listener.cleared();
        }
    }

    /** Called by the commit loop once everything appended so far is on disk; tells the listeners. */
    void madeDurable() {
        long first;
        long last;
        synchronized (this) {
            first = durable + 1;
            last = changes.size();
            if (last < first) {
                return;
            }
            durable = last;
        }
        for (Listener listener : listeners) {
            listener.durable(first, last);
        }
    }

    /** Marks everything loaded from disk as durable, without telling anyone (they were told before the restart). */
    synchronized void loaded() {
        durable = changes.size();
    }

    /** FNV-1a-style chaining over the change's canonical record text, which is the same on every server. */
    static long chain(long previous, Change change) {
        long h = previous ^ 0xcbf29ce484222325L;
        String text = RecordFormat.canonical(change);
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
