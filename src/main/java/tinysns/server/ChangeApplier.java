package tinysns.server;

import tinysns.protocol.proto.Change;

/**
 * The one way a change enters a server: into its state, its files (buffered until the commit loop's sync) and its
 * {@link ChangeLog}, together. A master's service makes changes from its clients' requests; a slave applies the
 * changes its master mirrors. Used only on the commit loop's thread.
 */
final class ChangeApplier {

    private final SnsState state;
    private final SnsFiles files;
    private final ChangeLog log;
    private final int cluster;

    /** @param cluster this server's cluster: the origin of the changes its own users make */
    ChangeApplier(SnsState state, SnsFiles files, ChangeLog log, int cluster) {
        this.state = state;
        this.files = files;
        this.log = log;
        this.cluster = cluster;
    }

    ChangeLog log() {
        return log;
    }

    void userAdded(int user) {
        apply(Changes.userAdded(cluster, next(), user));
    }

    void follow(long epochSecond, int follower, int followee) {
        apply(Changes.follow(cluster, next(), epochSecond, follower, followee));
    }

    void unfollow(long epochSecond, int follower, int followee) {
        apply(Changes.unfollow(cluster, next(), epochSecond, follower, followee));
    }

    Post post(long epochSecond, int author, String text) {
        return apply(Changes.post(cluster, next(), epochSecond, author, text));
    }

    /**
     * Applies a change as it is (a mirrored one keeps its origin and sequence).
     *
     * @return the stored post for a post, else null
     * @throws IllegalArgumentException when the change names no valid user or has no kind; nothing is applied
     */
    Post apply(Change change) {
        long second = change.getTimestampMillis() / 1000;
        Post post = null;
        switch (change.getKindCase()) {
            case USER_ADDED -> state.addUser(requireUser(change.getUserAdded()));
            case FOLLOW -> state.follow(requireUser(change.getFollow().getFollower()),
                    requireUser(change.getFollow().getFollowee()), second);
            case UNFOLLOW -> state.unfollow(requireUser(change.getUnfollow().getFollower()),
                    requireUser(change.getUnfollow().getFollowee()));
            case POST -> {
                String text = change.getPost().getMsg();
                if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("a post with a line break");
                }
                post = state.addPost(RecordFormat.parseUser(change.getPost().getUsername()), second, text);
            }
            case KIND_NOT_SET -> throw new IllegalArgumentException("a change without a kind");
        }
        files.append(change);
        log.append(change);
        return post;
    }

    /** Discards every change, in memory and on disk: a slave about to take a full copy of its master's. */
    void clearAll() throws java.io.IOException {
        files.clear();
        state.clear();
        log.clear();
    }

    private long next() {
        return log.lastPosition() + 1;
    }

    private static int requireUser(int user) {
        if (user < 1) {
            throw new IllegalArgumentException("invalid user ID " + user);
        }
        return user;
    }
}
