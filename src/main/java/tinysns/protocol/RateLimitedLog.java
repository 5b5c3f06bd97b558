package tinysns.protocol;

import org.slf4j.Logger;

/**
 * Logs at most {@code linesPerSecond} warnings a second and counts the rest, so that a flood of bad input
 * cannot fill the disk with log lines. The count of suppressed lines is reported with the next line let through.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final int linesPerSecond;
    private long windowStartNanos = System.nanoTime();
    private int linesInWindow;
    private long suppressed;

    public RateLimitedLog(Logger log, int linesPerSecond) {
        this.log = log;
        this.linesPerSecond = linesPerSecond;
    }

    public void warn(String format, Object... args) {
        long dropped;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStartNanos >= 1_000_000_000L) {
                windowStartNanos = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= linesPerSecond) {
                suppressed++;
                return;
            }
            linesInWindow++;
            dropped = suppressed;
            suppressed = 0;
        }
        if (dropped > 0) {
            log.warn("({} similar lines suppressed)", dropped);
        }
        log.warn(format, args);
    }
}
