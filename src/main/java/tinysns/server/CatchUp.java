package tinysns.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.MirrorBatch;
import tinysns.protocol.proto.MirrorPosition;

/**
 * Brings a slave that is new, came back or fell behind up to its master's log (docs/CONTRACT.md section 8): what it
 * lacks when its log agrees with the master's up to its last position (same running hash), else a full copy. The
 * bulk goes from a thread of its own, so the master's commits (and its clients) go on meanwhile; only the last step,
 * once few changes remain, runs on the commit thread between two batches, where the slave receives everything durable
 * and joins the in-sync set, so that the very next batch goes to it too.
 */
final class CatchUp implements AutoCloseable {

    /** Builds a batch of the master's epoch. */
    interface Batches {
        MirrorBatch of(long first, List<Change> changes, boolean full);
    }

    /** What the master does with the outcome; called on the commit thread once caught up, else on any thread. */
    interface Outcome {
        void caughtUp(SlaveLink link, long position);

        void failed(SlaveLink link, Throwable cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CatchUp.class);
    /** Changes per catch-up message, well inside the frame limit even with the longest posts. */
    private static final int CHUNK_BYTES = 256 * 1024;
    /** At most this many changes are left for the commit thread to send. */
    private static final int FINAL_STEP = 512;

    private final ChangeLog log;
    private final CommitLoop loop;
    private final Batches batches;
    private final Outcome outcome;
    private final long timeoutMillis;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tinysns-catch-up");
        thread.setDaemon(true);
        return thread;
    });

    CatchUp(ChangeLog log, CommitLoop loop, Batches batches, Outcome outcome, long timeoutMillis) {
        this.log = log;
        this.loop = loop;
        this.batches = batches;
        this.outcome = outcome;
        this.timeoutMillis = timeoutMillis;
    }

    /** The slave answered the hello with {@code position}: bring it up to date. */
    void start(SlaveLink link, MirrorPosition position) {
        executor.execute(() -> {
            try {
                long durable = log.durablePosition();
                boolean full = position.getPosition() > durable || log.hashAt(position.getPosition()) != position.getHash();
                long from = position.getPosition() + 1;
                if (full) {
                    LOG.info("{} holds {} changes that disagree with this master's log: sending a full copy ({} changes)",
                            link.name(), position.getPosition(), durable);
                    from = 1;
                }
                while (!link.closed() && log.durablePosition() - from + 1 > FINAL_STEP) {
                    from = send(link, from, log.durablePosition(), full);
                    full = false;
                }
                long next = from;
                boolean fullLeft = full;
                loop.submit(null, () -> finish(link, next, fullLeft));
            } catch (Exception e) {
                outcome.failed(link, unwrap(e));
            }
        });
    }

    /** On the commit thread, between batches: the rest up to the durable position, then in sync. */
    private void finish(SlaveLink link, long from, boolean full) {
        if (link.closed() || link.inSync()) {
            return;
        }
        try {
            long durable = log.durablePosition();
            if (full || from <= durable) {
                send(link, from, durable, full);
            }
            outcome.caughtUp(link, durable);
        } catch (Exception e) {
            outcome.failed(link, unwrap(e));
        }
    }

    /** Sends positions {@code from} to {@code to} (at least one batch); returns the position after the last sent. */
    private long send(SlaveLink link, long from, long to, boolean full) throws Exception {
        do {
            List<Change> chunk = chunk(from, to);
            long end = from + chunk.size() - 1;
            MirrorPosition reached = link.send(batches.of(from, chunk, full)).get(timeoutMillis * 4, TimeUnit.MILLISECONDS);
            if (reached.getPosition() != end) {
                throw new IllegalStateException("it answered position " + reached.getPosition() + ", expected " + end);
            }
            from = end + 1;
            full = false;
        } while (from <= to);
        return from;
    }

    private List<Change> chunk(long from, long to) {
        List<Change> chunk = new ArrayList<>();
        long bytes = 0;
        for (long p = from; p <= to && (chunk.isEmpty() || bytes < CHUNK_BYTES); p++) {
            Change change = log.at(p);
            bytes += change.getSerializedSize();
            chunk.add(change);
        }
        return chunk;
    }

    private static Throwable unwrap(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
