package tinysns.protocol;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs at most {@code linesPerSecond} lines a second and counts the rest, so that a flood of bad input or of
 * registry changes cannot fill the disk or stall the threads that report it. The count of suppressed lines is
 * reported with the next line let through.
 */
public final class RateLimitedLog {

    private static final long ONE_SECOND_NANOS = 1_000_000_000L;

    private final Logger log;
    private final int linesPerSecond;
    private final LongSupplier nanoClock;
    private long windowStartNanos;
    private int linesInWindow;
    private long suppressed;
    private long suppressedTotal;

    public RateLimitedLog(Logger log, int linesPerSecond) {
        this(log, linesPerSecond, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (injected so tests can move time) */
    public RateLimitedLog(Logger log, int linesPerSecond, LongSupplier nanoClock) {
        if (linesPerSecond < 1) {
            throw new IllegalArgumentException("lines per second must be at least 1, got " + linesPerSecond);
        }
        this.log = log;
        this.linesPerSecond = linesPerSecond;
        this.nanoClock = nanoClock;
        this.windowStartNanos = nanoClock.getAsLong();
    }

    public void warn(String format, Object... args) {
        log(Level.WARN, format, args);
    }

    public void info(String format, Object... args) {
        log(Level.INFO, format, args);
    }

    private void log(Level level, String format, Object... args) {
        long dropped;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStartNanos >= ONE_SECOND_NANOS) {
                windowStartNanos = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= linesPerSecond) {
                suppressed++;
                suppressedTotal++;
                return;
            }
            linesInWindow++;
            dropped = suppressed;
            suppressed = 0;
        }
        if (dropped > 0) {
            log.atLevel(level).log("({} similar lines suppressed)", dropped);
        }
        log.atLevel(level).log(format, args);
    }

    /**
     * An argument whose text is made only if its line is let through: for lines that come in floods, so that the
     * ones suppressed cost no formatting.
     */
    public static Object lazy(Supplier<String> text) {
        return new Object() {
            @Override
            public String toString() {
                return text.get();
            }
        };
    }

    /** Lines suppressed since this log was made. */
    public synchronized long suppressedTotal() {
        return suppressedTotal;
    }
}
