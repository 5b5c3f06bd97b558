package tinysns.sync;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Clusters;
import tinysns.coordination.Coordinators;
import tinysns.coordination.HeartbeatInterval;

/**
 * How a synchronizer runs, validated once (docs/SYNCHRONIZERS.md). Synchronizer {@code id} works beside server
 * {@link Clusters#serverOfSynchronizer} of cluster {@link Clusters#ofSynchronizer}: ids 1-3 beside the {@code -s 1}
 * servers of clusters 1-3, ids 4-6 beside the {@code -s 2} servers.
 *
 * @param coordinators the coordinator(s) to heartbeat and read the registry from; whichever leads is followed
 * @param port   where this synchronizer listens (it answers pings only) and what it registers as its address
 * @param broker the RabbitMQ broker, {@code amqp://host:port}
 * @param secret the registration secret, sent in heartbeats and to the server beside it; {@link SharedSecret#NONE}
 */
public record SynchronizerConfig(int id, Coordinators coordinators, int port, String hostname,
                                 String bindHost, URI broker, Duration heartbeatInterval, SharedSecret secret) {

    public static final String DEFAULT_BROKER = "amqp://localhost:5672";

    public SynchronizerConfig {
        Objects.requireNonNull(coordinators, "coordinators");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(secret, "secret (SharedSecret.NONE for none)");
        if (id < 1) {
            throw new IllegalArgumentException("-i must be a synchronizer ID of 1 or more, got " + id);
        }
        if (!"amqp".equals(broker.getScheme()) || broker.getHost() == null) {
            throw new IllegalArgumentException("--broker must be amqp://<host>:<port>, got " + broker);
        }
        HeartbeatInterval.requireConfigurable(heartbeatInterval);
    }

    /** Parses {@code --broker}; the port defaults to AMQP's 5672. */
    public static URI broker(String text) {
        try {
            URI uri = new URI(text);
            return uri.getPort() == -1 && uri.getHost() != null ? new URI(uri.getScheme(), null, uri.getHost(), 5672,
                    uri.getPath(), null, null) : uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--broker must be amqp://<host>:<port>, got " + text);
        }
    }

    public int clusters() {
        return Clusters.COUNT;
    }

    public int cluster() {
        return Clusters.ofSynchronizer(id);
    }

    public int serverId() {
        return Clusters.serverOfSynchronizer(id);
    }
}
