package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline's order (docs/CONTRACT.md section 4): newest first by storage order, whatever the records' seconds say. */
class SnsStateTest {

    private static final long SECOND = 1_706_831_245L;

    private final SnsState state = new SnsState();

    private SnsState users(int... ids) {
        for (int id : ids) {
            state.addUser(id);
        }
        return state;
    }

    private List<String> timelineOf(int user) {
        return state.timeline(user).stream().map(Post::text).toList();
    }

    private static List<String> newestFirst(String prefix, int from, int downTo) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i >= downTo; i--) {
            texts.add(prefix + i);
        }
        return texts;
    }

    @Test
    void twentyFivePostsInOneSecondShowAsTwentyFiveDownToSix() {
        users(1, 4).follow(1, 4, SECOND);
        for (int i = 1; i <= 25; i++) {
            state.addPost(4, SECOND, "post " + i);
        }
        assertEquals(newestFirst("post ", 25, 6), timelineOf(1));
    }

    @Test
    void postsSpreadOverTwoSecondsShowNewestFirstAcrossTheSecondBoundary() {
        users(1, 4).follow(1, 4, SECOND);
        // The reported case: 6..18 stored in one second, 19..25 in the next.
        for (int i = 1; i <= 25; i++) {
            state.addPost(4, i <= 18 ? SECOND : SECOND + 1, "post " + i);
        }
        assertEquals(newestFirst("post ", 25, 6), timelineOf(1));
    }

    @Test
    void postsOfSeveralFollowedUsersInOneSecondInterleaveByStorageOrder() {
        users(1, 2, 3, 5, 9).follow(1, 2, SECOND);
        state.follow(1, 3, SECOND);
        state.follow(1, 5, SECOND);
        List<String> stored = new ArrayList<>();
        int[] authors = {2, 3, 3, 5, 9, 2, 5, 5, 3, 2};
        for (int i = 0; i < 40; i++) {
            int author = authors[i % authors.length];
            state.addPost(author, SECOND, "post " + i + " by " + author);
            if (author != 9) {
                stored.add("post " + i + " by " + author);
            }
        }
        Collections.reverse(stored);
        assertEquals(stored.subList(0, SnsState.TIMELINE_SIZE), timelineOf(1));
    }

    @Test
    void aPostStoredLaterWithAnEarlierSecondStillComesFirst() {
        users(1, 2, 3).follow(1, 2, SECOND);
        state.follow(1, 3, SECOND);
        state.addPost(2, SECOND + 5, "stored first");
        state.addPost(3, SECOND + 1, "stored second, the clock stepped back");
        assertEquals(List.of("stored second, the clock stepped back", "stored first"), timelineOf(1));
    }

    @Test
    void postsFromBeforeTheFollowAreLeftOutWithoutCountingTowardsTheTwenty() {
        users(1, 2, 3).follow(1, 2, SECOND + 1);
        state.follow(1, 3, SECOND);
        for (int i = 1; i <= 30; i++) {
            state.addPost(2, SECOND, "early " + i);
        }
        for (int i = 1; i <= 5; i++) {
            state.addPost(3, SECOND, "three " + i);
            state.addPost(2, SECOND + 1, "two " + i);
        }
        assertEquals(List.of("two 5", "three 5", "two 4", "three 4", "two 3", "three 3", "two 2", "three 2", "two 1", "three 1"),
                timelineOf(1));
    }

    @Test
    void aUserWhoFollowsNobodyOrOnlySilentUsersHasAnEmptyTimeline() {
        users(1, 2);
        assertEquals(List.of(), timelineOf(1));
        state.follow(1, 2, SECOND);
        assertEquals(List.of(), timelineOf(1));
    }
}
