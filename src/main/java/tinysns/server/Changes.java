package tinysns.server;

import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Relation;

/**
 * Builds the {@link Change} of each kind. Times are whole seconds (the resolution of the files), so a change read
 * back from the files equals the one that was written.
 */
final class Changes {

    private Changes() {
    }

    /** users.txt holds no time, so a user's change carries none. */
    static Change userAdded(int cluster, long seq, int user) {
        return base(cluster, seq, 0).setUserAdded(user).build();
    }

    static Change follow(int cluster, long seq, long epochSecond, int follower, int followee) {
        return base(cluster, seq, epochSecond).setFollow(relation(follower, followee)).build();
    }

    static Change unfollow(int cluster, long seq, long epochSecond, int follower, int followee) {
        return base(cluster, seq, epochSecond).setUnfollow(relation(follower, followee)).build();
    }

    static Change post(int cluster, long seq, long epochSecond, int author, String text) {
        return base(cluster, seq, epochSecond).setPost(Message.newBuilder().setUsername(Integer.toString(author))
                .setMsg(text).setTimestampMillis(epochSecond * 1000)).build();
    }

    private static Change.Builder base(int cluster, long seq, long epochSecond) {
        return Change.newBuilder().setOriginCluster(cluster).setOriginSeq(seq).setTimestampMillis(epochSecond * 1000);
    }

    private static Relation relation(int follower, int followee) {
        return Relation.newBuilder().setFollower(follower).setFollowee(followee).build();
    }
}
