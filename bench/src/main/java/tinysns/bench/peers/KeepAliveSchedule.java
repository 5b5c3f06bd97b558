package tinysns.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps simulated servers alive, each on its own period, spread evenly over it so the load is steady. Every send
 * happens on one scheduler thread, so stopping a server (its last keep-alive, then no more) cannot race its schedule.
 */
final class KeepAliveSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.bench.peers");

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keep-alives");
        t.setDaemon(true);
        return t;
    });
    private final long periodNanos;
    private final IntFunction<CompletableFuture<?>> keepAlive;
    private final ConcurrentHashMap<Integer, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    /** @param keepAlive sends server {@code i}'s keep-alive; its future fails when the registry refuses it */
    KeepAliveSchedule(long periodNanos, IntFunction<CompletableFuture<?>> keepAlive) {
        this.periodNanos = periodNanos;
        this.keepAlive = keepAlive;
    }

    /**
     * Keeps server {@code i}, registered a moment ago, alive from now on. Its first keep-alive comes at a random
     * point within one period (servers start at unrelated times), so the load is steady and no lease runs out
     * while the others are still registering.
     */
    private void start(int i) {
        long delay = ThreadLocalRandom.current().nextLong(periodNanos);
        schedules.put(i, thread.scheduleAtFixedRate(() -> send(i), delay, periodNanos, TimeUnit.NANOSECONDS));
    }

    /**
     * Registers servers {@code [from, to)} with at most {@code inFlight} registrations outstanding, and keeps each
     * one alive from the moment it is registered; returns once every one is.
     */
    void registerAll(int from, int to, int inFlight, IntFunction<CompletableFuture<?>> register)
            throws InterruptedException {
        Semaphore outstanding = new Semaphore(inFlight);
        CompletableFuture<?>[] all = new CompletableFuture<?>[to - from];
        for (int i = from; i < to; i++) {
            outstanding.acquire();
            int server = i;
            all[i - from] = register.apply(i).whenComplete((ok, failure) -> {
                outstanding.release();
                if (failure == null) {
                    start(server);
                }
            });
        }
        CompletableFuture.allOf(all).join();
    }

    private CompletableFuture<?> send(int server) {
        return keepAlive.apply(server).whenComplete((ok, failure) -> {
            if (failure != null && !closed && failures.incrementAndGet() <= 5) {
                LOG.warn("keep-alive of server {} failed: {}", server, failure.toString());
            }
        });
    }

    /**
     * Each of {@code servers} sends its last keep-alive now and then no more; completes when those are answered,
     * each answer's arrival noted in {@code deaths} (a refused one is not: that server was already gone).
     */
    CompletableFuture<Void> stop(int[] servers, DeathLog deaths) {
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<?>> last = new ArrayList<>(servers.length);
            for (int i : servers) {
                ScheduledFuture<?> schedule = schedules.remove(i);
                if (schedule != null) {
                    schedule.cancel(false);
                }
                deaths.stopping(i, System.nanoTime());
                last.add(send(i).handle((ok, failure) -> {
                    if (failure == null) {
                        deaths.lastKeepAlive(i, System.nanoTime());
                    }
                    return null;
                }));
            }
            return last;
        }, thread).thenCompose(last -> CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)));
    }

    /** Keep-alives that failed: the registry had already let the server go, or did not answer. */
    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
