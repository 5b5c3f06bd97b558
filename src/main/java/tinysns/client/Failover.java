package tinysns.client;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;

/**
 * A client's failover (docs/CONTRACT.md section 8). When its server is lost, it asks the coordinator whether the
 * cluster has another live server; with none, it says so at once ({@link InputEvent.FailoverFailed}: section 4
 * holds unchanged). Otherwise it asks for the cluster's master again and again until one takes its login, for at
 * most the wait (the lease the coordinator says it uses, plus 5 s), and hands over the new session ({@link InputEvent.Reconnected}). It works on a
 * thread of its own, so commands typed meanwhile are answered (with the unavailable line).
 */
final class Failover {

    /** Beyond the lease: time for the coordinator to name the new master and for it to take the login. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    /** When the coordinator does not say its lease (an older one): the default 10 s lease, plus 5 s. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);
    private static final long RETRY_MILLIS = 250;

    private final RpcClient rpc;
    private final ClientConfig config;
    private final Terminal terminal;
    private final Duration wait;
    private final AtomicBoolean running = new AtomicBoolean();

    /** @param wait at most how long to wait for a new master; null for the coordinator's lease plus {@link #MARGIN} */
    Failover(RpcClient rpc, ClientConfig config, Terminal terminal, Duration wait) {
        this.rpc = rpc;
        this.config = config;
        this.terminal = terminal;
        this.wait = wait;
    }

    /** True from the loss of the server until a new session or the end of the wait. */
    boolean inProgress() {
        return running.get();
    }

    /** Starts looking for the new master; the outcome arrives as an input event. */
    void begin(String lostAddress) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            InputEvent outcome = run(lostAddress);
            running.set(false);
            terminal.post(outcome);
        }, "tsc-failover");
        thread.setDaemon(true);
        thread.start();
    }

    private InputEvent run(String lostAddress) {
        RegistryListing listing = listing();
        if (listing == null || !anotherLiveServer(listing, lostAddress)) {
            return new InputEvent.FailoverFailed();
        }
        long deadline = System.nanoTime() + waitFor(wait, listing.getLeaseMillis()).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ServerInfo master = ServerLocator.locate(rpc, config);
                return new InputEvent.Reconnected(SnsSession.open(rpc, master, config.username()));
            } catch (StartupFailedException notYet) {
                // The coordinator has not declared the old master dead yet, or the new one does not serve yet.
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new InputEvent.FailoverFailed();
    }

    /** The configured wait, else the lease the coordinator told plus {@link #MARGIN}, else {@link #DEFAULT_WAIT}. */
    static Duration waitFor(Duration configured, long leaseMillis) {
        if (configured != null) {
            return configured;
        }
        return leaseMillis > 0 ? Duration.ofMillis(leaseMillis).plus(MARGIN) : DEFAULT_WAIT;
    }

    /** The coordinator's listing, or null when it cannot be asked. */
    private RegistryListing listing() {
        try (CoordinatorClient coordinator = CoordinatorClient.connect(rpc, config.coordinatorHost(),
                config.coordinatorPort()).join()) {
            return coordinator.listRegistry().join();
        } catch (CompletionException e) {
            return null;
        }
    }

    /** True when the coordinator lists a live server of this user's cluster other than the one lost. */
    private boolean anotherLiveServer(RegistryListing listing, String lostAddress) {
        for (RegistryEntry entry : listing.getEntriesList()) {
            ServerInfo info = entry.getServerInfo();
            if (entry.getClusterId() == config.clusterId() && entry.getAlive() && info.getType() == ServerType.SERVER
                    && !(info.getHostname() + ":" + info.getPort()).equals(lostAddress)) {
                return true;
            }
        }
        return false;
    }
}
