package tinysns.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The server's users, follow relations and posts, in memory. Not thread-safe: only the commit loop's thread (and
 * the loader, before the server starts) touches it. It knows the data, not the rules: {@link SnsService} checks
 * those.
 */
final class SnsState {

    static final int TIMELINE_SIZE = 20;

    /** Newest first by time; posts stored within the same second keep the order in which they were stored. */
    private static final Comparator<Post> DISPLAY_ORDER =
            Comparator.comparingLong(Post::epochSecond).reversed().thenComparingLong(Post::seq);
    /** Newest first, with storage order deciding between posts of the same second. */
    private static final Comparator<Post> NEWEST_FIRST =
            Comparator.comparingLong(Post::epochSecond).thenComparingLong(Post::seq).reversed();

    private final NavigableSet<Integer> users = new TreeSet<>();
    /** follower -> (followee -> the second the follow was made; posts from then on show on the timeline). */
    private final Map<Integer, Map<Integer, Long>> following = new HashMap<>();
    private final Map<Integer, NavigableSet<Integer>> followers = new HashMap<>();
    /** author -> posts in storage order. */
    private final Map<Integer, List<Post>> postsByAuthor = new HashMap<>();
    private long lastSeq;

    /** Forgets everything: a slave about to take a full copy from its master. */
    void clear() {
        users.clear();
        following.clear();
        followers.clear();
        postsByAuthor.clear();
        lastSeq = 0;
    }

    boolean hasUser(int user) {
        return users.contains(user);
    }

    void addUser(int user) {
        users.add(user);
    }

    NavigableSet<Integer> users() {
        return Collections.unmodifiableNavigableSet(users);
    }

    boolean follows(int follower, int followee) {
        return following.getOrDefault(follower, Map.of()).containsKey(followee);
    }

    void follow(int follower, int followee, long sinceEpochSecond) {
        following.computeIfAbsent(follower, u -> new HashMap<>()).put(followee, sinceEpochSecond);
        followers.computeIfAbsent(followee, u -> new TreeSet<>()).add(follower);
    }

    void unfollow(int follower, int followee) {
        Map<Integer, Long> followed = following.get(follower);
        if (followed != null) {
            followed.remove(followee);
        }
        NavigableSet<Integer> of = followers.get(followee);
        if (of != null) {
            of.remove(follower);
        }
    }

    /** The users who follow {@code user}, ascending. */
    NavigableSet<Integer> followersOf(int user) {
        return Collections.unmodifiableNavigableSet(followers.getOrDefault(user, Collections.emptyNavigableSet()));
    }

    Post addPost(int author, long epochSecond, String text) {
        Post post = new Post(++lastSeq, author, epochSecond, text);
        postsByAuthor.computeIfAbsent(author, u -> new ArrayList<>()).add(post);
        return post;
    }

    int postCount() {
        return postsByAuthor.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The {@value #TIMELINE_SIZE} newest posts {@code user} may see: posts of the users they follow, made since the
     * second they followed them. In display order: newest first, same-second posts in storage order.
     */
    List<Post> timeline(int user) {
        List<Post> candidates = new ArrayList<>();
        following.getOrDefault(user, Map.of()).forEach((followee, since) -> {
            List<Post> posts = postsByAuthor.getOrDefault(followee, List.of());
            int taken = 0;
            for (int i = posts.size() - 1; i >= 0 && taken < TIMELINE_SIZE; i--) {
                Post post = posts.get(i);
                if (post.epochSecond() >= since) {
                    candidates.add(post);
                    taken++;
                }
            }
        });
        candidates.sort(NEWEST_FIRST);
        List<Post> newest = new ArrayList<>(candidates.subList(0, Math.min(TIMELINE_SIZE, candidates.size())));
        newest.sort(DISPLAY_ORDER);
        return newest;
    }
}
