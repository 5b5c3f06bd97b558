package tinysns.rpc;

import java.time.Duration;
import tinysns.protocol.WireLimits;

/**
 * How a client side of the RPC layer behaves, validated once.
 *
 * @param requestTimeout    how long a request waits for its reply before it fails with {@link RpcTimeoutException}
 * @param connectTimeout    how long a TCP connect may take
 * @param keepAliveInterval a connection that wrote nothing for this long sends a ping; zero turns keep-alive off
 * @param keepAliveTimeout  a connection that has read nothing (not even a pong) for this long is closed as dead
 */
public record RpcClientOptions(Duration requestTimeout, Duration connectTimeout, WireLimits limits,
                               Duration keepAliveInterval, Duration keepAliveTimeout) {

    public static final RpcClientOptions DEFAULT = new RpcClientOptions(
            Duration.ofSeconds(3), Duration.ofSeconds(3), WireLimits.DEFAULT, Duration.ofSeconds(1), Duration.ofSeconds(6));

    public RpcClientOptions {
        requirePositive(requestTimeout, "request timeout");
        requirePositive(connectTimeout, "connect timeout");
        if (keepAliveInterval.isNegative()) {
            throw new IllegalArgumentException("keep-alive interval must not be negative");
        }
        if (!keepAliveInterval.isZero() && keepAliveTimeout.compareTo(keepAliveInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("keep-alive timeout (" + keepAliveTimeout.toMillis()
                    + " ms) must be at least twice the keep-alive interval (" + keepAliveInterval.toMillis() + " ms)");
        }
    }

    public RpcClientOptions withRequestTimeout(Duration timeout) {
        return new RpcClientOptions(timeout, connectTimeout, limits, keepAliveInterval, keepAliveTimeout);
    }

    public RpcClientOptions withKeepAlive(Duration interval, Duration timeout) {
        return new RpcClientOptions(requestTimeout, connectTimeout, limits, interval, timeout);
    }

    public RpcClientOptions withLimits(WireLimits wireLimits) {
        return new RpcClientOptions(requestTimeout, connectTimeout, wireLimits, keepAliveInterval, keepAliveTimeout);
    }

    public RpcClientOptions withoutKeepAlive() {
        return new RpcClientOptions(requestTimeout, connectTimeout, limits, Duration.ZERO, Duration.ZERO);
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d.toMillis() + " ms");
        }
    }
}
