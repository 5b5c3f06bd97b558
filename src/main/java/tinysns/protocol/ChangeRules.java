package tinysns.protocol;

import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Relation;

/**
 * When a {@link Change} from another cluster may be applied: the one check shared by the synchronizer (which
 * dead-letters what fails it) and the server (which refuses it).
 */
public final class ChangeRules {

    private ChangeRules() {
    }

    /** Why {@code change} cannot be applied, or null when it can. */
    public static String invalid(Change change) {
        if (change.getOriginCluster() < 1 || change.getOriginSeq() < 1) {
            return "origin cluster and number must be 1 or more";
        }
        return switch (change.getKindCase()) {
            case USER_ADDED -> change.getUserAdded() < 1 ? "user ID must be 1 or more" : null;
            case FOLLOW -> relationInvalid(change.getFollow());
            case UNFOLLOW -> relationInvalid(change.getUnfollow());
            case POST -> postInvalid(change.getPost());
            case KIND_NOT_SET -> "no kind of change set";
        };
    }

    private static String relationInvalid(Relation relation) {
        return relation.getFollower() < 1 || relation.getFollowee() < 1 || relation.getFollower() == relation.getFollowee()
                ? "a relation needs two different user IDs of 1 or more" : null;
    }

    private static String postInvalid(Message post) {
        String author = post.getUsername();
        boolean plainPositive = !author.isEmpty() && author.length() <= 10 && author.chars().allMatch(Character::isDigit)
                && author.charAt(0) != '0' && Long.parseLong(author) <= Integer.MAX_VALUE;
        if (!plainPositive) {
            return "post author '" + author + "' is not a user ID";
        }
        return post.getMsg().indexOf('\n') >= 0 || post.getMsg().indexOf('\r') >= 0 ? "a post must be one line" : null;
    }
}
