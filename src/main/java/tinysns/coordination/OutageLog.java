package tinysns.coordination;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the first registration, each outage once (however many attempts fail) and each recovery once. Thread-safe. */
final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    private final String coordinator;
    private final String who;
    private boolean registered;
    private boolean inOutage;
    private int outages;
    private int recoveries;

    OutageLog(String coordinator, String who) {
        this.coordinator = coordinator;
        this.who = who;
    }

    /** A heartbeat was accepted. */
    synchronized void reached() {
        if (inOutage) {
            inOutage = false;
            recoveries++;
            LOG.info("coordinator {} is reachable again: registered with coordinator as {}", coordinator, who);
        } else if (!registered) {
            LOG.info("registered with coordinator {} as {}", coordinator, who);
        }
        registered = true;
    }

    /** Connecting or a heartbeat failed; logged only when it starts an outage. */
    synchronized void unreachable(Throwable cause, long retryUpToMillis) {
        if (!inOutage) {
            inOutage = true;
            outages++;
            LOG.warn("cannot reach coordinator {} ({}); still serving clients, retrying with backoff up to every {} ms",
                    coordinator, Rejection.describe(cause), retryUpToMillis);
        }
    }

    synchronized int outages() {
        return outages;
    }

    synchronized int recoveries() {
        return recoveries;
    }
}
