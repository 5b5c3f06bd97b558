package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static tinysns.server.SnsConnection.errorOf;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.testing.NoLeaks;

/** The service rules of docs/CONTRACT.md section 4, through real connections (timelines: SnsTimelineTest). */
@ExtendWith(NoLeaks.class)
class SnsServiceTest {

    @RegisterExtension
    final ServedUsers served = new ServedUsers();

    private SnsConnection user(int id) {
        return served.user(id);
    }

    private SnsConnection anonymous() {
        return served.anonymous();
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
        // The login is released once the server has seen the close; until then the refusal stands.
        await().atMost(Duration.ofSeconds(5)).until(() -> second.login(4).handle((ok, failure) -> failure == null).join());
        assertEquals(List.of("4"), second.list().join().getListReply().getAllUsersList());
    }

    @Test
    void aPostWithALineBreakIsRefusedAndNothingIsStored() throws Exception {
        SnsConnection one = user(1);
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.post("two\nlines")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, errorOf(one.post("carriage\rreturn")));
        assertEquals(ErrorCode.TOO_LARGE, errorOf(one.post("x".repeat(ServiceLimits.DEFAULT_MAX_POST_LENGTH + 1))));
        assertEquals("", Files.readString(served.dir().resolve(SnsFiles.POSTS)));
    }

    @Test
    void aConfirmedChangeIsAlreadyInTheFilesInTheirReadableFormats() throws Exception {
        SnsConnection one = user(1);
        user(2);
        one.follow(2).join();
        one.post("hello world").join();
        assertEquals("1\n2\n", Files.readString(served.dir().resolve(SnsFiles.USERS)));
        assertEquals("2024-02-01 23:47:25 1 follows 2\n", Files.readString(served.dir().resolve(SnsFiles.FOLLOWING)));
        assertEquals("T 2024-02-01 23:47:25\nU 1\nW hello world\n\n", Files.readString(served.dir().resolve(SnsFiles.POSTS)));
    }

}
