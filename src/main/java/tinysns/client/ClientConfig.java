package tinysns.client;

import tinysns.coordination.Clusters;
import tinysns.coordination.Coordinators;

/**
 * What a client needs to start.
 *
 * @param userId          the numeric username, at least 1
 * @param coordinatorList {@code --coordinators host:port,...}, which replaces -h/-k; empty when not given
 */
public record ClientConfig(String coordinatorHost, int coordinatorPort, int userId, String coordinatorList) {

    public ClientConfig(String coordinatorHost, int coordinatorPort, int userId) {
        this(coordinatorHost, coordinatorPort, userId, "");
    }

    /** The coordinators to ask: the list, else the one at -h/-k. */
    public Coordinators coordinators() {
        return coordinatorList.isEmpty() ? Coordinators.of(coordinatorHost, coordinatorPort)
                : Coordinators.parse(coordinatorList, "--coordinators");
    }

    public ClientConfig {
        if (userId < 1) {
            throw new IllegalArgumentException("user ID must be a positive integer, got " + userId);
        }
    }

    /** The cluster this user belongs to (see {@link Clusters#ofUser}). */
    public int clusterId() {
        return Clusters.ofUser(userId);
    }

    public String username() {
        return Integer.toString(userId);
    }
}
