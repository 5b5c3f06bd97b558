package tinysns.coordinator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/** Copies the registration table's rows into a {@link RegistrySnapshot} for listings, the dashboard and metrics. */
final class RegistrySnapshots {

    private RegistrySnapshots() {
    }

    /** The first {@code max} registrations: per cluster its servers, then its synchronizers, each in registration order. */
    static RegistrySnapshot of(ClusterRegistrations[] clusters, ClusterRegistrations[] synchronizers, int max,
                               LongSupplier nanoClock) {
        List<RegisteredServer> servers = new ArrayList<>(Math.min(max, 1024));
        int total = 0;
        for (int i = 0; i < clusters.length; i++) {
            for (ClusterRegistrations cluster : List.of(clusters[i], synchronizers[i])) {
                total += cluster.size();
                for (Registration registration : cluster.inOrder(max - servers.size())) {
                    synchronized (registration) {
                        servers.add(registration.view());
                    }
                }
            }
        }
        // Read after the copies, so that no copied heartbeat is newer than the snapshot.
        long now = nanoClock.getAsLong();
        return new RegistrySnapshot(Collections.unmodifiableList(servers), Math.max(total, servers.size()), now);
    }
}
