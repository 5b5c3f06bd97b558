package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.server.SnsConnection.errorOf;
import static tinysns.server.MutableClock.START;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Message;
import tinysns.rpc.RpcClient;
import tinysns.testing.NoLeaks;
import tinysns.testing.PatientRpc;

/** The service rules of docs/CONTRACT.md section 4, through real connections. */
@ExtendWith(NoLeaks.class)
class SnsServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final List<SnsConnection> connections = new ArrayList<>();
    @RegisterExtension
    final PatientRpc rpc = new PatientRpc();
    private final RpcClient client = rpc.client();
    private SnsServer server;

    @BeforeEach
    void start() throws Exception {
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock));
    }

    @AfterEach
    void stop() {
        connections.forEach(SnsConnection::close);
        server.close();
    }

    private SnsConnection user(int id) {
        SnsConnection connection = SnsConnection.loggedIn(client, server.port(), id);
        connections.add(connection);
        return connection;
    }

    private SnsConnection anonymous() {
        SnsConnection connection = SnsConnection.open(client, server.port());
        connections.add(connection);
        return connection;
    }

    private static List<String> texts(List<Message> posts) {
        return posts.stream().map(Message::getMsg).toList();
    }

    @Test
    void usersAreCreatedAtFirstLoginAndListedInAscendingNumericOrder() {
        user(10);
        user(2);
        SnsConnection one = user(1);
        ListReply list = one.list().join().getListReply();
        assertEquals(List.of("1", "2", "10"), list.getAllUsersList());
        assertEquals(List.of(), list.getFollowersList());
    }

    @Test
    void listShowsTheRequestingUsersFollowersInAscendingOrder() {
        SnsConnection five = user(5);
        for (int id : new int[] {12, 3, 7}) {
            user(id).follow(5).join();
        }
        user(9); // does not follow 5
        ListReply list = five.list().join().getListReply();
        assertEquals(List.of("3", "5", "7", "9", "12"), list.getAllUsersList());
        assertEquals(List.of("3", "7", "12"), list.getFollowersList());
    }

    @Test
    void followingYourselfOrSomeoneAlreadyFollowedIsAlreadyExists() {
        SnsConnection one = user(1);
        user(2);
        assertEquals(ErrorCode.ALREADY_EXISTS, errorOf(one.follow(1)));
        assertEquals(Envelope.BodyCase.CONFIRMATION, one.follow(2).join().getBodyCase());
        assertEquals(ErrorCode.ALREADY_EXISTS, errorOf(one.follow(2)));
    }

    @Test
    void followingOrUnfollowingAUserWhoDoesNotExistIsInvalidUsername() {
        SnsConnection one = user(1);
        assertEquals(ErrorCode.INVALID_USERNAME, errorOf(one.follow(99)));
        assertEquals(ErrorCode.INVALID_USERNAME, errorOf(one.unfollow(99)));
    }

    @Test
    void unfollowingYourselfIsInvalidUsername() {
        assertEquals(ErrorCode.INVALID_USERNAME, errorOf(user(1).unfollow(1)));
    }

    @Test
    void unfollowingAnExistingUserYouDoNotFollowIsNotAFollower() {
        SnsConnection one = user(1);
        user(2);
        assertEquals(ErrorCode.NOT_A_FOLLOWER, errorOf(one.unfollow(2)));
        one.follow(2).join();
        one.unfollow(2).join();
        assertEquals(ErrorCode.NOT_A_FOLLOWER, errorOf(one.unfollow(2)), "unfollowed already");
    }

    @Test
    void everyRequestBeforeLoginIsNotLoggedIn() {
        SnsConnection nobody = anonymous();
        user(2);
        assertEquals(ErrorCode.NOT_LOGGED_IN, errorOf(nobody.follow(2)));
        assertEquals(ErrorCode.NOT_LOGGED_IN, errorOf(nobody.unfollow(2)));
        assertEquals(ErrorCode.NOT_LOGGED_IN, errorOf(nobody.list()));
        assertEquals(ErrorCode.NOT_LOGGED_IN, errorOf(nobody.timeline(push -> { })));
        assertEquals(ErrorCode.NOT_LOGGED_IN, errorOf(nobody.post("hello")));
    }

    @Test
    void malformedRequestsAreInvalidArgument() {
        SnsConnection nobody = anonymous();
        for (String bad : new String[] {"", "abc", "0", "-3", "07", "+7", "99999999999"}) {
            assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(nobody.login(bad)), "login '" + bad + "'");
        }
        SnsConnection one = user(1);
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.follow()), "follow without a user");
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.follow("bob")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.unfollow()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.unfollow("x1")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.login(2)), "this connection is user 1");
    }

    @Test
    void aSecondLoginOfAConnectedUserIsRefusedUntilItsConnectionCloses() {
        SnsConnection first = user(4);
        SnsConnection second = anonymous();
        assertEquals(ErrorCode.ALREADY_LOGGED_IN, errorOf(second.login(4)));
        first.close();
        connections.remove(first);
        // The login is released once the server has seen the close; until then the refusal stands.
        await().atMost(Duration.ofSeconds(5)).until(() -> second.login(4).handle((ok, failure) -> failure == null).join());
        assertEquals(List.of("4"), second.list().join().getListReply().getAllUsersList());
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
            clock.advance(Duration.ofSeconds(1));
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
        clock.advance(Duration.ofSeconds(1));
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
                clock.advance(Duration.ofSeconds(1));
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
        clock.advance(Duration.ofSeconds(1));
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
    void aPostWithALineBreakIsRefusedAndNothingIsStored() throws Exception {
        SnsConnection one = user(1);
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.post("two\nlines")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.post("carriage\rreturn")));
        assertEquals(ErrorCode.TOO_LARGE, errorOf(one.post("x".repeat(ServiceLimits.DEFAULT_MAX_POST_LENGTH + 1))));
        assertEquals("", Files.readString(dir.resolve(SnsFiles.POSTS)));
    }

    @Test
    void aConfirmedChangeIsAlreadyInTheFilesInTheirReadableFormats() throws Exception {
        SnsConnection one = user(1);
        user(2);
        one.follow(2).join();
        one.post("hello world").join();
        assertEquals("1\n2\n", Files.readString(dir.resolve(SnsFiles.USERS)));
        assertEquals("2024-02-01 23:47:25 1 follows 2\n", Files.readString(dir.resolve(SnsFiles.FOLLOWING)));
        assertEquals("T 2024-02-01 23:47:25\nU 1\nW hello world\n\n", Files.readString(dir.resolve(SnsFiles.POSTS)));
    }

    @Test
    void aFollowerThatDoesNotReadLosesPushesWhileOtherFollowersGetEveryPost() throws Exception {
        server.close();
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock).withPushBufferBytes(256 * 1024));
        SnsConnection author = user(1);
        SnsConnection reader = user(2);
        reader.follow(1).join();
        List<Envelope> pushed = new CopyOnWriteArrayList<>();
        reader.timeline(pushed::add).join();
        try (StalledFollower stalled = StalledFollower.open(server.port(), 3, 1)) {
            String text = "x".repeat(ServiceLimits.DEFAULT_MAX_POST_LENGTH);
            int posts = 3000;
            // Ten posts at a time: a reading follower never has more than a few of them waiting.
            for (int i = 0; i < posts; i += 10) {
                List<java.util.concurrent.CompletableFuture<Envelope>> replies = new ArrayList<>();
                for (int j = 0; j < 10; j++) {
                    replies.add(author.post(text));
                }
                replies.forEach(java.util.concurrent.CompletableFuture::join);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pushed.size() == posts);
            assertTrue(server.droppedPushes() > 0, "the stalled follower's pushes were dropped");
            assertTrue(server.droppedPushes() < posts, "it got some before its buffers filled");
        }
    }
}
