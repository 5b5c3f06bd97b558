package tinysns.coordinator;

import static tinysns.protocol.RateLimitedLog.lazy;

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

    // Registrations, deaths and returns come in floods (a rack powering up or losing power): their lines are
    // formatted only when the rate limit lets them through, so no thread spends its time on lines nobody will see.

    @Override
    public void registered(RegisteredServer server) {
        log.info("{} registered at {} ({})", lazy(() -> name(server)), lazy(() -> server.endpoint().address()),
                server.endpoint().type());
    }

    @Override
    public void declaredDead(RegisteredServer server, long nanosSinceHeartbeat) {
        log.warn("{} at {} declared dead: no heartbeat for {}", lazy(() -> name(server)),
                lazy(() -> server.endpoint().address()), lazy(() -> seconds(nanosSinceHeartbeat)));
    }

    @Override
    public void cameBack(RegisteredServer server, Endpoint previous) {
        log.info("{} is back at {} ({}){}", lazy(() -> name(server)), lazy(() -> server.endpoint().address()),
                server.endpoint().type(), lazy(() -> previous == null ? ""
                        : " (it was at " + previous.address() + " as " + previous.type() + ")"));
    }

    /** Always logged: a clean stop is rare and worth seeing even in a flood. */
    @Override
    public void leaving(RegisteredServer server) {
        LOG.info("{} at {} is stopping cleanly (said goodbye); it will be declared dead when its lease runs out",
                name(server), server.endpoint().address());
    }

    /** Always logged, as a goodbye is. */
    @Override
    public void left(RegisteredServer server) {
        LOG.info("{} at {} left (said goodbye as master); the next live server of cluster {} takes over",
                name(server), server.endpoint().address(), server.clusterId());
    }

    /** Seconds with one decimal and the unit, as {@code 10.0 s}. */
    static String seconds(long nanos) {
        return decimalSeconds(nanos) + " s";
    }

    /** Seconds with one decimal, as {@code 10.0} (rounded half up; no Formatter: this runs once per death). */
    static String decimalSeconds(long nanos) {
        long tenths = Math.round(nanos / 1e8);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + tenths / 10 + "." + tenths % 10;
    }

    private static String name(RegisteredServer server) {
        return "cluster " + server.clusterId() + " server " + server.serverId();
    }
}
