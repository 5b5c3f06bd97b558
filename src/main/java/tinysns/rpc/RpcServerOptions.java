package tinysns.rpc;

import java.time.Duration;
import tinysns.protocol.WireLimits;

/**
 * How the server side of the RPC layer behaves and what it refuses, validated once.
 *
 * @param ioThreads                 event loop threads serving the connections
 * @param limits                    the frame size limit
 * @param maxConnections            open connections this process serves at most; one more is refused at once
 *                                  (an OVERLOADED error with message ID 0, then close)
 * @param maxInFlightPerConnection  requests of one connection handed to handlers and not yet answered, at most;
 *                                  at this many the connection is no longer read
 * @param resumeReadingAt        reading resumes when the unanswered requests drop to this many (a low-water mark,
 *                                  so a busy connection does not flap between reading and not reading)
 * @param partialFrameTimeout       a connection that started a frame and has not finished it this long after is closed
 * @param writeBufferLowBytes       a connection whose unsent output drops to this is writable again
 * @param writeBufferHighBytes      a connection with more unsent output than this is not writable: pushes sent with
 *                                  {@link RequestContext#pushIfWritable} are dropped until it drains
 * @param idleTimeout               a connection that sent nothing at all for this long is closed (a peer that
 *                                  vanished without closing); zero turns it off
 */
public record RpcServerOptions(int ioThreads, WireLimits limits, int maxConnections, int maxInFlightPerConnection,
                               int resumeReadingAt, Duration partialFrameTimeout,
                               int writeBufferLowBytes, int writeBufferHighBytes, Duration idleTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_024;
    public static final Duration DEFAULT_PARTIAL_FRAME_TIMEOUT = Duration.ofSeconds(30);

    public static final RpcServerOptions DEFAULT = new RpcServerOptions(
            Math.max(1, Runtime.getRuntime().availableProcessors()), WireLimits.DEFAULT,
            DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT / 2, DEFAULT_PARTIAL_FRAME_TIMEOUT,
            256 * 1024, 1024 * 1024, Duration.ZERO);

    public RpcServerOptions {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("I/O threads must be at least 1, got " + ioThreads);
        }
        if (limits == null) {
            throw new IllegalArgumentException("wire limits are required");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections);
        }
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("max requests in flight per connection must be at least 1, got "
                    + maxInFlightPerConnection);
        }
        if (resumeReadingAt < 0 || resumeReadingAt >= maxInFlightPerConnection) {
            throw new IllegalArgumentException("reading must resume below the in-flight limit: the low-water mark ("
                    + resumeReadingAt + ") must be between 0 and " + (maxInFlightPerConnection - 1));
        }
        if (partialFrameTimeout == null || partialFrameTimeout.isNegative() || partialFrameTimeout.isZero()) {
            throw new IllegalArgumentException("partial frame timeout must be positive, got " + partialFrameTimeout);
        }
        if (writeBufferLowBytes < 1 || writeBufferHighBytes < writeBufferLowBytes) {
            throw new IllegalArgumentException("write buffer water marks must satisfy 0 < low <= high, got low "
                    + writeBufferLowBytes + " and high " + writeBufferHighBytes);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be zero (off) or positive, got " + idleTimeout);
        }
    }

    public boolean closesIdleConnections() {
        return !idleTimeout.isZero();
    }

    public RpcServerOptions withIoThreads(int threads) {
        return new RpcServerOptions(threads, limits, maxConnections, maxInFlightPerConnection, resumeReadingAt,
                partialFrameTimeout, writeBufferLowBytes, writeBufferHighBytes, idleTimeout);
    }

    public RpcServerOptions withLimits(WireLimits wireLimits) {
        return new RpcServerOptions(ioThreads, wireLimits, maxConnections, maxInFlightPerConnection, resumeReadingAt,
                partialFrameTimeout, writeBufferLowBytes, writeBufferHighBytes, idleTimeout);
    }

    public RpcServerOptions withMaxConnections(int max) {
        return new RpcServerOptions(ioThreads, limits, max, maxInFlightPerConnection, resumeReadingAt,
                partialFrameTimeout, writeBufferLowBytes, writeBufferHighBytes, idleTimeout);
    }

    /** The in-flight cap and the low-water mark at which reading resumes. */
    public RpcServerOptions withMaxInFlight(int max, int resumeBelow) {
        return new RpcServerOptions(ioThreads, limits, maxConnections, max, resumeBelow,
                partialFrameTimeout, writeBufferLowBytes, writeBufferHighBytes, idleTimeout);
    }

    public RpcServerOptions withPartialFrameTimeout(Duration timeout) {
        return new RpcServerOptions(ioThreads, limits, maxConnections, maxInFlightPerConnection, resumeReadingAt,
                timeout, writeBufferLowBytes, writeBufferHighBytes, idleTimeout);
    }

    public RpcServerOptions withWriteBufferWaterMarks(int lowBytes, int highBytes) {
        return new RpcServerOptions(ioThreads, limits, maxConnections, maxInFlightPerConnection, resumeReadingAt,
                partialFrameTimeout, lowBytes, highBytes, idleTimeout);
    }

    /** Closes connections that send nothing for {@code timeout}; zero turns it off. */
    public RpcServerOptions withIdleTimeout(Duration timeout) {
        return new RpcServerOptions(ioThreads, limits, maxConnections, maxInFlightPerConnection, resumeReadingAt,
                partialFrameTimeout, writeBufferLowBytes, writeBufferHighBytes, timeout);
    }
}
