package tinysns.server;

import java.time.Duration;
import tinysns.rpc.RpcServerOptions;

/**
 * What a tsd refuses, validated once; messages name the flag.
 *
 * @param maxConnections connections served at once, at most; one more is refused (OVERLOADED) and closed
 * @param maxPostLength  the longest post, in characters; a longer one is refused (TOO_LARGE) and not stored
 * @param idleTimeout    a connection that sends nothing for this long is closed, ending its login (the client pings
 *                       every second, so only a vanished client is this quiet); zero turns it off
 */
public record ServiceLimits(int maxConnections, int maxPostLength, Duration idleTimeout) {

    public static final int DEFAULT_MAX_POST_LENGTH = 4096;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public static final ServiceLimits DEFAULT = new ServiceLimits(RpcServerOptions.DEFAULT_MAX_CONNECTIONS,
            DEFAULT_MAX_POST_LENGTH, DEFAULT_IDLE_TIMEOUT);

    public ServiceLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1, got " + maxConnections);
        }
        if (maxPostLength < 1) {
            throw new IllegalArgumentException("--max-post-length must be at least 1, got " + maxPostLength);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("--idle-timeout must be 0 (off) or positive, got " + idleTimeout);
        }
    }

    public ServiceLimits withoutIdleTimeout() {
        return withIdleTimeout(Duration.ZERO);
    }

    public ServiceLimits withIdleTimeout(Duration timeout) {
        return new ServiceLimits(maxConnections, maxPostLength, timeout);
    }

    public ServiceLimits withMaxPostLength(int length) {
        return new ServiceLimits(maxConnections, length, idleTimeout);
    }

    public ServiceLimits withMaxConnections(int max) {
        return new ServiceLimits(max, maxPostLength, idleTimeout);
    }
}
