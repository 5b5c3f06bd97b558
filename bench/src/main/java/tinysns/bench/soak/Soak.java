package tinysns.bench.soak;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;

/**
 * The load driver of {@code scripts/soak.sh}, run against a coordinator and three servers that the script starts
 * on this machine: simulated servers heartbeat and simulated users post and read for the given time; then it
 * prints heartbeats per second, post latency, false deaths and errors, and exits 1 if there were any of the last two.
 */
public final class Soak {

    private static final long TICK_MILLIS = 5;
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    static boolean run(SoakOptions options) throws Exception {
        try (RpcClient rpc = new RpcClient("soak-timer", RpcClientOptions.DEFAULT)) {
            double deathsBefore = metric(options, "tinysns_deaths_total");
            SimulatedServers servers = new SimulatedServers(options.servers(), options.heartbeatInterval());
            servers.connect(rpc, options.coordinatorPort(), options.heartbeatChannels());
            CoordinatorClient coordinator = CoordinatorClient.connect(rpc, SoakOptions.HOST, options.coordinatorPort()).join();
            SimulatedClients clients = new SimulatedClients(options.clients(), options.postsPerSecond());
            clients.connect(rpc, coordinator);
            System.out.printf(Locale.ROOT, "soak: %d s, %d simulated servers beating every %d s over %d connections,"
                            + " %d clients posting %d/s in all%n", options.duration().toSeconds(), options.servers(),
                    options.heartbeatInterval().toSeconds(), options.heartbeatChannels(), options.clients(),
                    options.postsPerSecond());

            long start = System.nanoTime();
            long end = start + options.duration().toNanos();
            for (long now = start; now < end; now = System.nanoTime()) {
                servers.tick(now - start);
                clients.tick(now - start);
                Thread.sleep(TICK_MILLIS); // a load generator's pacing, on its own thread
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            awaitReplies(servers, clients);

            RegistryListing listing = coordinator.listRegistry().join();
            long alive = listing.getEntriesList().stream().filter(RegistryEntry::getAlive).count();
            double falseDeaths = metric(options, "tinysns_deaths_total") - deathsBefore;
            long errors = servers.failed() + clients.failed();
            System.out.printf(Locale.ROOT, "heartbeats: %d sent, %d accepted, %.0f/s%n", servers.sent(), servers.accepted(),
                    servers.accepted() / seconds);
            System.out.printf(Locale.ROOT, "posts: %d sent, %d confirmed (%.0f/s), latency %s%n", clients.posted(),
                    clients.postLatency().count(), clients.postLatency().count() / seconds, clients.postLatency().summary());
            System.out.printf(Locale.ROOT, "reads: %d lists answered, %d timeline posts pushed to followers%n",
                    clients.lists(), clients.pushes());
            System.out.printf(Locale.ROOT, "registry: %d registrations, %d alive, %d not listed%n",
                    listing.getEntriesCount(), alive, listing.getOmitted());
            System.out.printf(Locale.ROOT, "false deaths: %.0f%n", falseDeaths);
            System.out.printf(Locale.ROOT, "errors: %d%n", errors);
            clients.close();
            servers.close();
            coordinator.close();
            return falseDeaths == 0 && errors == 0;
        }
    }

    /** Waits (a bounded time) for the replies still on their way, so that none is counted as neither. */
    private static void awaitReplies(SimulatedServers servers, SimulatedClients clients) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (System.nanoTime() < deadline
                && (servers.accepted() + servers.failed() < servers.sent()
                    || clients.postLatency().count() + clients.failed() < clients.posted())) {
            Thread.sleep(TICK_MILLIS);
        }
    }

    /** A counter of the coordinator's /metrics, e.g. {@code tinysns_deaths_total}. */
    private static double metric(SoakOptions options, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(options.metricsUrl())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new IOException("the coordinator's " + options.metricsUrl() + " has no " + name);
    }
}
