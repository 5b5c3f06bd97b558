package tinysns.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The server's users, follow relations and posts, in memory. Not thread-safe: only the commit loop's thread (and
 * the loader, before the server starts) touches it. It knows the data, not the rules: {@link SnsService} checks
 * those.
 */
final class SnsState {

    static final int TIMELINE_SIZE = 20;

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

    /**
     * Stores a post as the newest: its place in storage order is the order of these calls. So every stored post,
     * this server's own or one from another cluster, comes through here in the order it goes into posts.txt (the
     * loader replays the file in its order), and a restart rebuilds the same order.
     */
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
     * second they followed them. Newest first by storage order alone (docs/CONTRACT.md section 4): a record's time
     * has whole seconds only, so it cannot order posts stored within one second, and a clock may step back.
     * Each author's list is already in storage order, so this merges them from their tails and stops at the
     * {@value #TIMELINE_SIZE}th post instead of sorting every candidate.
     */
    List<Post> timeline(int user) {
        Map<Integer, Long> followed = following.getOrDefault(user, Map.of());
        PriorityQueue<Cursor> tails = new PriorityQueue<>(Math.max(1, followed.size()));
        followed.forEach((followee, since) -> {
            List<Post> posts = postsByAuthor.getOrDefault(followee, List.of());
            if (!posts.isEmpty()) {
                tails.add(new Cursor(posts, since));
            }
        });
        List<Post> newest = new ArrayList<>(TIMELINE_SIZE);
        while (newest.size() < TIMELINE_SIZE && !tails.isEmpty()) {
            Cursor tail = tails.poll();
            Post post = tail.current();
            if (post.epochSecond() >= tail.since) {
                newest.add(post);
            }
            if (tail.previous()) {
                tails.add(tail);
            }
        }
        return newest;
    }

    /** One followed author's posts, walked from the newest back; the newest current post comes first. */
    private static final class Cursor implements Comparable<Cursor> {

        private final List<Post> posts;
        private final long since;
        private int index;

        Cursor(List<Post> posts, long since) {
            this.posts = posts;
            this.since = since;
            this.index = posts.size() - 1;
        }

        Post current() {
            return posts.get(index);
        }

        /** Steps to the post stored before the current one; false when there is none. */
        boolean previous() {
            return --index >= 0;
        }

        @Override
        public int compareTo(Cursor other) {
            return Long.compare(other.current().seq(), current().seq());
        }
    }
}
