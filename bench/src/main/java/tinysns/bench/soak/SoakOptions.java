package tinysns.bench.soak;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import tinysns.rpc.Ports;

/**
 * What the soak driver does, validated once. It talks to loopback addresses only: it is a load generator, and must
 * not be pointed at anyone else's machine by mistake.
 *
 * @param coordinatorPort   the coordinator on 127.0.0.1
 * @param metricsUrl        the coordinator's /metrics, for its death counter
 * @param duration          how long the load runs
 * @param servers           simulated servers, each heartbeating every {@code heartbeatInterval}
 * @param heartbeatChannels connections the simulated servers' heartbeats are multiplexed over
 * @param clients           simulated users, each logged in to its cluster's real server
 * @param postsPerSecond    posts per second, all clients together
 */
record SoakOptions(int coordinatorPort, URI metricsUrl, Duration duration, int servers, Duration heartbeatInterval,
                   int heartbeatChannels, int clients, int postsPerSecond) {

    static final String HOST = "127.0.0.1";

    SoakOptions {
        Ports.requirePort(coordinatorPort, "--coordinator-port");
        if (!isLoopback(metricsUrl.getHost())) {
            throw new IllegalArgumentException("--metrics must be on this machine (loopback), got " + metricsUrl);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the duration must be 1 s to 1 h, got " + duration.toSeconds() + " s");
        }
        if (servers < 1 || heartbeatChannels < 1 || clients < 3 || postsPerSecond < 1) {
            throw new IllegalArgumentException("servers, channels and posts per second must be positive, and clients at least 3");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code --coordinator-port P --metrics URL --seconds S [--servers N] [--clients M] [--posts-per-second R]}. */
    static SoakOptions parse(String[] args) {
        int port = 0;
        URI metrics = null;
        long seconds = 60;
        int servers = 10_000;
        int clients = 200;
        int postsPerSecond = 400;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--coordinator-port" -> port = Integer.parseInt(value);
                case "--metrics" -> metrics = URI.create(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--servers" -> servers = Integer.parseInt(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--posts-per-second" -> postsPerSecond = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option needs a value");
        }
        if (metrics == null) {
            throw new IllegalArgumentException("--metrics <url of the coordinator's /metrics> is required");
        }
        return new SoakOptions(port, metrics, Duration.ofSeconds(seconds), servers, Duration.ofSeconds(5), 8, clients,
                postsPerSecond);
    }
}
