package tinysns.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import tinysns.rpc.Ports;
import tinysns.rpc.RpcClient;

/**
 * Where the coordinators are, and which of them leads as far as this process knows: the one place every role
 * follows a change of leader (docs/CONTRACT.md section 10). A coordinator that does not lead answers NotLeader and
 * names the leader; one that cannot be reached is passed over for the next in the list. With a single coordinator
 * (plain {@code -h/-k}) this is just its address. Thread-safe.
 */
public final class Coordinators {

    /** How long a one-off request keeps looking for the leader: a takeover, with a ZooKeeper session of 4 s. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /** Leaders named one after another, followed even when patience has run out (a takeover in progress). */
    private static final int MAX_HOPS = 3;

    private final List<String> addresses;
    private String current; // guarded by this: the leader last named, else the one to try next

    private Coordinators(List<String> addresses) {
        this.addresses = List.copyOf(addresses);
        this.current = addresses.get(0);
    }

    public static Coordinators of(String host, int port) {
        return new Coordinators(List.of(host + ":" + port));
    }

    /**
     * Parses {@code host:port,host:port,...}.
     *
     * @throws IllegalArgumentException naming {@code flag} and the bad entry
     */
    public static Coordinators parse(String list, String flag) {
        List<String> addresses = new ArrayList<>();
        for (String entry : list.split(",")) {
            String address = entry.trim();
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(flag + " takes host:port,host:port,...; got '" + address + "'");
            }
            try {
                Ports.requirePort(Integer.parseInt(address.substring(colon + 1)), flag);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " takes host:port,host:port,...; got '" + address + "'");
            }
            addresses.add(address);
        }
        return new Coordinators(addresses);
    }

    /** How many coordinators are listed. */
    public int count() {
        return addresses.size();
    }

    /** {@code host:port,host:port}, for log lines and messages. */
    public String describe() {
        return String.join(",", addresses);
    }

    /** The coordinator to ask now: the leader last named, else the next in the list. */
    public synchronized String current() {
        return current;
    }

    /** {@code asked} said it does not lead: ask the leader it named, or, while none is known, the next one. */
    public synchronized void notLeader(NotLeaderException answer) {
        if (!answer.leader().isEmpty()) {
            current = answer.leader();
        } else if (answer.asked().equals(current)) {
            current = after(current);
        }
    }

    /** {@code address} could not be reached: try the next in the list. */
    public synchronized void unreachable(String address) {
        if (address.equals(current)) {
            current = after(address);
        }
    }

    private String after(String address) {
        int index = addresses.indexOf(address); // -1 for a leader named but not listed: start over
        return addresses.get((index + 1) % addresses.size());
    }

    /** Opens links to whichever coordinator leads, for a {@link HeartbeatSender}. */
    public HeartbeatLink.Connector connector(RpcClient rpc) {
        return new HeartbeatLink.Connector() {
            @Override
            public CompletableFuture<CoordinatorClient> connect() {
                return Coordinators.this.connect(rpc, current());
            }

            @Override
            public String address() {
                return describe();
            }
        };
    }

    /**
     * Sends {@code request} to the leader, following NotLeader answers and passing over coordinators that cannot be
     * reached, for at most {@code patience} (every coordinator is asked once at least). Blocking: call from a thread
     * that may wait, never an I/O or timer thread.
     *
     * @throws ExecutionException with the last failure (a connect error, a {@link NotLeaderException}, the
     *                            coordinator's error reply) when no leader answered in time
     */
    public <T> T ask(RpcClient rpc, Function<CoordinatorClient, CompletableFuture<T>> request, Duration patience)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int tries = 0;
        int hops = 0;
        while (true) {
            String address = current();
            Throwable failure;
            try {
                CoordinatorClient client = connect(rpc, address).get();
                try (client) {
                    return request.apply(client).get();
                }
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            tries++;
            boolean leaderNamed = failure instanceof NotLeaderException hint && !hint.leader().isEmpty();
            if (!(failure instanceof NotLeaderException) && !isConnectFailure(failure)) {
                throw new ExecutionException(failure); // the leader answered with an error: that is the answer
            }
            if (!(failure instanceof NotLeaderException)) {
                unreachable(address);
            }
            boolean followHint = leaderNamed && hops++ < MAX_HOPS;
            if (!followHint && tries >= addresses.size() && System.nanoTime() - deadline >= 0) {
                throw new ExecutionException(failure);
            }
            if (!leaderNamed && tries % addresses.size() == 0) {
                Thread.sleep(RETRY_PAUSE.toMillis()); // all asked, no leader yet: an election is under way
            }
        }
    }

    /** Connects to {@code address}; every answer it gives feeds what this list knows of the leader. */
    CompletableFuture<CoordinatorClient> connect(RpcClient rpc, String address) {
        int colon = address.lastIndexOf(':');
        return CoordinatorClient.connect(rpc, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                .thenApply(client -> client.following(this, address))
                .whenComplete((client, failure) -> {
                    if (failure != null) {
                        unreachable(address);
                    }
                });
    }

    private static boolean isConnectFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return !(cause instanceof tinysns.rpc.RemoteErrorException);
    }
}
