package tinysns.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import tinysns.auth.SharedSecret;
import tinysns.protocol.WireLimits;
import tinysns.rpc.Ports;
import tinysns.rpc.RpcServerOptions;

/**
 * How an in-process {@link SnsServer} runs, validated once.
 *
 * @param bindHost         the address to listen on
 * @param port             the port to listen on; 0 picks a free one (see {@link SnsServer#port()})
 * @param dataDir          where the server's files live; created when missing
 * @param ioThreads        event loop threads serving the connections
 * @param pushBufferBytes  how much may wait unsent on one connection before timeline pushes to it are dropped
 * @param clock            the time posts and follows are stamped with
 * @param serviceLimits    connections, post length and idle timeout
 * @param peerSecret       the registration secret, which the synchronizer beside the server and a master mirroring
 *                         to it must present, and which this server presents as master; or {@link SharedSecret#NONE}
 */
public record SnsServerOptions(String bindHost, int port, Path dataDir, int ioThreads, WireLimits limits,
                               int pushBufferBytes, Clock clock, ServiceLimits serviceLimits, SharedSecret peerSecret) {

    public static final int DEFAULT_PUSH_BUFFER_BYTES = 1024 * 1024;

    public SnsServerOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serviceLimits, "serviceLimits");
        Objects.requireNonNull(peerSecret, "peerSecret");
        Ports.requireListenPort(port, "port");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be 1 or more, got " + ioThreads);
        }
        if (pushBufferBytes < 1024) {
            throw new IllegalArgumentException("pushBufferBytes must be at least 1024, got " + pushBufferBytes);
        }
    }

    /** No secret asked of the synchronizer. */
    public SnsServerOptions(String bindHost, int port, Path dataDir, int ioThreads, WireLimits limits,
                            int pushBufferBytes, Clock clock, ServiceLimits serviceLimits) {
        this(bindHost, port, dataDir, ioThreads, limits, pushBufferBytes, clock, serviceLimits, SharedSecret.NONE);
    }

    /** The default limits, except that quiet connections are never closed. */
    public SnsServerOptions(String bindHost, int port, Path dataDir, int ioThreads, WireLimits limits,
                            int pushBufferBytes, Clock clock) {
        this(bindHost, port, dataDir, ioThreads, limits, pushBufferBytes, clock, ServiceLimits.DEFAULT.withoutIdleTimeout());
    }

    /** Listens on a free port of 127.0.0.1: what tests and benchmarks want. */
    public static SnsServerOptions forTests(Path dataDir) {
        return new SnsServerOptions("127.0.0.1", 0, dataDir, 1, WireLimits.DEFAULT, DEFAULT_PUSH_BUFFER_BYTES,
                Clock.systemUTC());
    }

    public SnsServerOptions withPort(int newPort) {
        return new SnsServerOptions(bindHost, newPort, dataDir, ioThreads, limits, pushBufferBytes, clock, serviceLimits,
                peerSecret);
    }

    public SnsServerOptions withClock(Clock newClock) {
        return new SnsServerOptions(bindHost, port, dataDir, ioThreads, limits, pushBufferBytes, newClock, serviceLimits,
                peerSecret);
    }

    public SnsServerOptions withPushBufferBytes(int bytes) {
        return new SnsServerOptions(bindHost, port, dataDir, ioThreads, limits, bytes, clock, serviceLimits, peerSecret);
    }

    public SnsServerOptions withServiceLimits(ServiceLimits newLimits) {
        return new SnsServerOptions(bindHost, port, dataDir, ioThreads, limits, pushBufferBytes, clock, newLimits,
                peerSecret);
    }

    public SnsServerOptions withPeerSecret(SharedSecret secret) {
        return new SnsServerOptions(bindHost, port, dataDir, ioThreads, limits, pushBufferBytes, clock, serviceLimits,
                secret);
    }

    /** What the RPC layer is told: threads, frame limit, connection limit, idle timeout, push buffer. */
    RpcServerOptions rpcOptions() {
        return RpcServerOptions.DEFAULT.withIoThreads(ioThreads).withLimits(limits)
                .withMaxConnections(serviceLimits.maxConnections())
                .withIdleTimeout(serviceLimits.idleTimeout())
                .withWriteBufferWaterMarks(pushBufferBytes / 2, pushBufferBytes);
    }
}
