package tinysns.coordinator;

import java.util.List;

/**
 * A copy of (the start of) the registration table.
 *
 * @param servers     by cluster, then registration order; at most the number asked for
 * @param total       how many registrations the table held when the copy was made
 * @param takenAtNanos the table clock's reading when the copy was made, to age the heartbeats against
 */
public record RegistrySnapshot(List<RegisteredServer> servers, int total, long takenAtNanos) {

    public int omitted() {
        return total - servers.size();
    }
}
