package tinysns.coordinator;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line when a server registers, is declared dead or comes back. At most {@code linesPerSecond} lines a
 * second, so that a mass registration or a mass death (a rack losing power) cannot stall the threads that report
 * it; the number of lines left out is logged with the next one that is not.
 */
public final class RegistryLog implements RegistryListener {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");

    private final LongSupplier nanoClock;
    private final int linesPerSecond;
    private long windowStartNanos;
    private int linesInWindow;
    private long leftOut;

    public RegistryLog(LongSupplier nanoClock, int linesPerSecond) {
        this.nanoClock = nanoClock;
        this.linesPerSecond = linesPerSecond;
        this.windowStartNanos = nanoClock.getAsLong();
    }

    @Override
    public void registered(RegisteredServer server) {
        if (mayLog()) {
            LOG.info("{} registered at {} ({})", name(server), server.endpoint().address(), server.endpoint().role());
        }
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        if (mayLog()) {
            LOG.warn("{} at {} declared dead: no heartbeat for {}", name(server), server.endpoint().address(),
                    seconds(nanosSinceHeartbeat));
        }
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        if (mayLog()) {
            String moved = previous == null ? "" : " (it was at " + previous.address() + " as " + previous.role() + ")";
            LOG.info("{} is back at {} ({}){}", name(server), server.endpoint().address(), server.endpoint().role(), moved);
        }
    }

    /** Always logged: a clean stop is rare and worth seeing even in a flood. */
    @Override
    public void leaving(RegisteredServer server) {
        LOG.info("{} at {} is stopping cleanly (said goodbye); it will be declared dead when its lease runs out",
                name(server), server.endpoint().address());
    }

    /** Seconds with one decimal, as {@code 10.0 s}. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String name(RegisteredServer server) {
        return "cluster " + server.clusterId() + " server " + server.serverId();
    }

    private boolean mayLog() {
        long dropped;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStartNanos >= 1_000_000_000L) {
                windowStartNanos = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= linesPerSecond) {
                leftOut++;
                return false;
            }
            linesInWindow++;
            dropped = leftOut;
            leftOut = 0;
        }
        if (dropped > 0) {
            LOG.info("({} more registry changes were not logged)", dropped);
        }
        return true;
    }
}
