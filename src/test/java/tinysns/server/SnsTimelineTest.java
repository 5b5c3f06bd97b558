package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.server.MutableClock.START;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.testing.NoLeaks;

/** Timelines (docs/CONTRACT.md section 4): what opens them, their order, and the posts pushed to them. */
@ExtendWith(NoLeaks.class)
class SnsTimelineTest {

    @RegisterExtension
    final ServedUsers served = new ServedUsers();

    private SnsConnection user(int id) {
        return served.user(id);
    }

    private static List<String> texts(List<Message> posts) {
        return posts.stream().map(Message::getMsg).toList();
    }

    @Test
    void theTimelineOpensWithTheTwentyNewestPostsOfFollowedUsersNewestFirst() {
        SnsConnection reader = user(1);
        SnsConnection two = user(2);
        SnsConnection three = user(3);
        SnsConnection stranger = user(4);
        reader.follow(2).join();
        reader.follow(3).join();
        for (int i = 1; i <= 30; i++) {
            served.clock.advance(Duration.ofSeconds(1));
            (i % 2 == 0 ? two : three).post("post " + i).join();
            stranger.post("not followed " + i).join();
        }
        List<Message> recent = reader.timeline(push -> { }).join().getTimelineOpened().getRecentList();
        List<String> expected = new ArrayList<>();
        for (int i = 30; i > 10; i--) {
            expected.add("post " + i);
        }
        assertEquals(expected, texts(recent));
        Message newest = recent.get(0);
        assertEquals("2", newest.getUsername());
        assertEquals(START.plusSeconds(30).toEpochMilli(), newest.getTimestampMillis());
    }


    @Test
    void postsStoredInTheSameSecondShowNewestFirstInTheOrderTheyWereStored() {
        SnsConnection reader = user(1);
        SnsConnection two = user(2);
        SnsConnection three = user(3);
        reader.follow(2).join();
        reader.follow(3).join();
        two.post("a").join();
        three.post("b").join();
        two.post("c").join();
        served.clock.advance(Duration.ofSeconds(1));
        three.post("later").join();
        assertEquals(List.of("later", "c", "b", "a"),
                texts(reader.timeline(push -> { }).join().getTimelineOpened().getRecentList()));
    }


    @Test
    void twentyFivePostsTypedQuicklyShowAsTwentyFiveDownToSixWithinOneSecondAndAcrossTwo() {
        SnsConnection reader = user(1);
        SnsConnection four = user(4);
        reader.follow(4).join();
        for (int i = 1; i <= 25; i++) {
            four.post("post " + i).join();
        }
        List<String> expected = new ArrayList<>();
        for (int i = 25; i >= 6; i--) {
            expected.add("post " + i);
        }
        assertEquals(expected, texts(reader.timeline(push -> { }).join().getTimelineOpened().getRecentList()),
                "all 25 in one second");

        // As reported: the first 18 in one second, the last 7 in the next.
        SnsConnection seven = user(7);
        SnsConnection otherReader = user(10);
        otherReader.follow(7).join();
        for (int i = 1; i <= 25; i++) {
            if (i == 19) {
                served.clock.advance(Duration.ofSeconds(1));
            }
            seven.post("post " + i).join();
        }
        assertEquals(expected, texts(otherReader.timeline(push -> { }).join().getTimelineOpened().getRecentList()),
                "18 in one second, 7 in the next");
    }


    @Test
    void aTimelineShowsPostsOfAFollowedUserOnlyFromTheTimeOfTheFollowOn() {
        SnsConnection reader = user(1);
        SnsConnection two = user(2);
        two.post("before the follow").join();
        served.clock.advance(Duration.ofSeconds(1));
        reader.follow(2).join();
        two.post("after the follow").join();
        assertEquals(List.of("after the follow"),
                texts(reader.timeline(push -> { }).join().getTimelineOpened().getRecentList()));
    }


    @Test
    void aNewPostIsPushedToEveryFollowerOnTheirTimelineRequestAndToNoOneElse() {
        SnsConnection author = user(1);
        SnsConnection follower2 = user(2);
        SnsConnection follower3 = user(3);
        SnsConnection bystander = user(4);
        follower2.follow(1).join();
        follower3.follow(1).join();
        List<Envelope> pushed2 = new CopyOnWriteArrayList<>();
        List<Envelope> pushed3 = new CopyOnWriteArrayList<>();
        List<Envelope> pushed4 = new CopyOnWriteArrayList<>();
        long stream2 = follower2.timeline(pushed2::add).join().getMessageId();
        long stream3 = follower3.timeline(pushed3::add).join().getMessageId();
        bystander.timeline(pushed4::add).join();

        assertEquals(Envelope.BodyCase.CONFIRMATION, author.post("hello followers").join().getBodyCase());
        bystander.post("nobody follows me").join();
        await().atMost(Duration.ofSeconds(1)).until(() -> pushed2.size() == 1 && pushed3.size() == 1);
        for (Envelope push : List.of(pushed2.get(0), pushed3.get(0))) {
            assertEquals("hello followers", push.getTimelinePost().getMsg());
            assertEquals("1", push.getTimelinePost().getUsername());
            assertEquals(START.toEpochMilli(), push.getTimelinePost().getTimestampMillis());
        }
        assertEquals(stream2, pushed2.get(0).getMessageId(), "tied to the timeline request");
        assertEquals(stream3, pushed3.get(0).getMessageId(), "tied to the timeline request");
        // Nobody follows 2, so its post goes nowhere; 4's list reply comes after any push made before it.
        follower2.post("from 2").join();
        bystander.list().join();
        assertEquals(List.of(), pushed4, "a user who follows nobody is pushed nothing");
        assertEquals(1, pushed2.size(), "no push of one's own post");
    }


    @Test
    void afterAnUnfollowNoMorePostsArePushed() {
        SnsConnection author = user(1);
        SnsConnection follower = user(2);
        follower.follow(1).join();
        List<Envelope> pushed = new CopyOnWriteArrayList<>();
        follower.timeline(pushed::add).join();
        author.post("first").join();
        await().atMost(Duration.ofSeconds(1)).until(() -> pushed.size() == 1);
        follower.unfollow(1).join();
        author.post("second").join();
        follower.follow(1).join();
        author.post("third").join();
        await().atMost(Duration.ofSeconds(1)).until(() -> pushed.size() == 2);
        assertEquals("third", pushed.get(1).getTimelinePost().getMsg());
    }


    @Test
    void aFollowerThatDoesNotReadLosesPushesWhileOtherFollowersGetEveryPost() throws Exception {
        served.restart(options -> options.withPushBufferBytes(256 * 1024));
        SnsConnection author = user(1);
        SnsConnection reader = user(2);
        reader.follow(1).join();
        List<Envelope> pushed = new CopyOnWriteArrayList<>();
        reader.timeline(pushed::add).join();
        try (StalledFollower stalled = StalledFollower.open(served.server().port(), 3, 1)) {
            String text = "x".repeat(ServiceLimits.DEFAULT_MAX_POST_LENGTH);
            int posts = 3000;
            // Ten posts at a time: a reading follower never has more than a few of them waiting.
            for (int i = 0; i < posts; i += 10) {
                List<CompletableFuture<Envelope>> replies = new ArrayList<>();
                for (int j = 0; j < 10; j++) {
                    replies.add(author.post(text));
                }
                replies.forEach(CompletableFuture::join);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pushed.size() == posts);
            assertTrue(served.server().droppedPushes() > 0, "the stalled follower's pushes were dropped");
            assertTrue(served.server().droppedPushes() < posts, "it got some before its buffers filled");
        }
    }
}
