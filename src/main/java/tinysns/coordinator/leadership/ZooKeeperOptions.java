package tinysns.coordinator.leadership;

import java.time.Duration;

/**
 * How a coordinator joins the others through ZooKeeper, validated once.
 *
 * @param connectString  the ensemble, {@code host:port[,host:port...]}
 * @param sessionTimeout how long ZooKeeper waits for a silent coordinator before its leadership passes on; the
 *                       ensemble clamps it to 2..20 of its ticks (4 s at least with the default 2 s tick)
 * @param hostname       the name other coordinators, servers and clients reach this one by
 * @param id             this coordinator's server ID as a follower (in cluster {@link #FOLLOWER_CLUSTER}); 0 for
 *                       the port it listens on
 */
public record ZooKeeperOptions(String connectString, Duration sessionTimeout, String hostname, int id) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(4);
    /**
     * Follower coordinators register in cluster 1, the one cluster every deployment has. Their type,
     * FOLLOWER_COORDINATOR, is never assigned to a client nor made master, so they change no assignment there.
     */
    public static final int FOLLOWER_CLUSTER = 1;
    /** ZooKeeper's own ceiling with its default tick is 40 s; a few minutes is already useless for a takeover. */
    static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(5);
    /** How long a coordinator waits for ZooKeeper when it starts. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    public ZooKeeperOptions {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("the ZooKeeper address must not be empty");
        }
        if (sessionTimeout.compareTo(Duration.ofMillis(100)) < 0 || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("invalid --session-timeout: must be between 0.1 and "
                    + MAX_SESSION_TIMEOUT.toSeconds() + " seconds, got " + sessionTimeout.toMillis() + " ms");
        }
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("the coordinator's hostname must not be empty");
        }
        if (id < 0) {
            throw new IllegalArgumentException("the coordinator ID must be at least 1 (0 for its port), got " + id);
        }
    }

    public ZooKeeperOptions(String connectString) {
        this(connectString, DEFAULT_SESSION_TIMEOUT, "localhost", 0);
    }

    public ZooKeeperOptions withSessionTimeout(Duration timeout) {
        return new ZooKeeperOptions(connectString, timeout, hostname, id);
    }

    public ZooKeeperOptions withHostname(String name) {
        return new ZooKeeperOptions(connectString, sessionTimeout, name, id);
    }

    public ZooKeeperOptions withId(int newId) {
        return new ZooKeeperOptions(connectString, sessionTimeout, hostname, newId);
    }
}
