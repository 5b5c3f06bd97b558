package tinysns.client;

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

    /** The assignment's rule: user u belongs to cluster (u - 1) % 3 + 1. */
    public int clusterId() {
        return (userId - 1) % 3 + 1;
    }

    public String username() {
        return Integer.toString(userId);
    }
}
