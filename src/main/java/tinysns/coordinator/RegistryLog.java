package tinysns.coordinator;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.RateLimitedLog;

/**
 * Logs one line when a server registers, is declared dead or comes back. At most {@code linesPerSecond} lines a
 * second, so that a mass registration or a mass death (a rack losing power) cannot stall the threads that report
 * it; the number of lines left out is logged with the next one that is not.
 */
public final class RegistryLog implements RegistryListener {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");

    private final RateLimitedLog log;

    public RegistryLog(LongSupplier nanoClock, int linesPerSecond) {
        this.log = new RateLimitedLog(LOG, linesPerSecond, nanoClock);
    }

    @Override
    public void registered(RegisteredServer server) {
        log.info("{} registered at {} ({})", name(server), server.endpoint().address(), server.endpoint().role());
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        log.warn("{} at {} declared dead: no heartbeat for {}", name(server), server.endpoint().address(),
                seconds(nanosSinceHeartbeat));
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        String moved = previous == null ? "" : " (it was at " + previous.address() + " as " + previous.role() + ")";
        log.info("{} is back at {} ({}){}", name(server), server.endpoint().address(), server.endpoint().role(), moved);
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
}
