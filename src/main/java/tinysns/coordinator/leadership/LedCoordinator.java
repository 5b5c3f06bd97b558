package tinysns.coordinator.leadership;

import java.io.IOException;
import tinysns.coordinator.Coordinator;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.RegistryListener;

/**
 * A coordinator that is one of several sharing a ZooKeeper ensemble (docs/CONTRACT.md section 10): it serves only
 * while it leads, and heartbeats the leader as a follower coordinator otherwise.
 */
public final class LedCoordinator implements AutoCloseable {

    private final Coordinator coordinator;
    private final ZooKeeperLeadership leadership;

    private LedCoordinator(Coordinator coordinator, ZooKeeperLeadership leadership) {
        this.coordinator = coordinator;
        this.leadership = leadership;
    }

    /**
     * Connects to ZooKeeper, listens, and runs for election.
     *
     * @throws IOException when ZooKeeper cannot be reached or the port is taken
     */
    public static LedCoordinator start(CoordinatorSettings settings, ZooKeeperOptions options, RegistryListener listener)
            throws IOException {
        ZooKeeperLeadership leadership = ZooKeeperLeadership.connect(options, settings.clusters());
        try {
            Coordinator coordinator = Coordinator.start(settings, RegistryListener.both(listener, leadership.deaths()),
                    leadership);
            try {
                leadership.start(coordinator.table(), coordinator.port());
            } catch (IOException | RuntimeException e) {
                coordinator.close();
                throw e;
            }
            return new LedCoordinator(coordinator, leadership);
        } catch (IOException | RuntimeException e) {
            leadership.close();
            throw e;
        }
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public boolean leads() {
        return leadership.leads();
    }

    /** The leader's host:port as this coordinator last saw it; empty when unknown. */
    public String leader() {
        return leadership.leader();
    }

    /** Leaves the election first (another coordinator takes over at once), then stops serving. */
    @Override
    public void close() {
        leadership.close();
        coordinator.close();
    }
}
