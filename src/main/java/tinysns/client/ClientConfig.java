package tinysns.client;

import tinysns.coordination.Clusters;
/**
 * What a client needs to start.
 *
 * @param userId the numeric username, at least 1
 */
public record ClientConfig(String coordinatorHost, int coordinatorPort, int userId) {

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
