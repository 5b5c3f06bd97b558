package tinysns.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Message;

class OutputLinesTest {

    @Test
    void errorCodesMapToTheAssignmentsLines() {
        assertEquals("Input username already exists, command failed", OutputLines.forError(ErrorCode.ALREADY_EXISTS));
        assertEquals("Command failed with invalid username", OutputLines.forError(ErrorCode.INVALID_USERNAME));
        assertEquals("Command failed with not a follower", OutputLines.forError(ErrorCode.NOT_A_FOLLOWER));
        assertEquals("Command failed with invalid command", OutputLines.forError(ErrorCode.INVALID_ARGUMENT));
        assertEquals("Command failed with unknown reason", OutputLines.forError(ErrorCode.INTERNAL));
        assertEquals("Command failed with unknown reason", OutputLines.forError(ErrorCode.OVERLOADED));
    }

    @Test
    void listLinesEndEveryNameWithACommaAndASpace() {
        assertEquals("All users: 1, 4, ", OutputLines.allUsers(List.of("1", "4")));
        assertEquals("Followers: 1, ", OutputLines.followers(List.of("1")));
        assertEquals("Followers: ", OutputLines.followers(List.of()));
    }

    @Test
    void aRefusedPostShowsTheServersReasonOnOneShortLine() {
        assertEquals("Post failed: longer than 4096 characters (this one has 5000)",
                OutputLines.postFailed("longer than 4096 characters (this one has 5000)"));
        assertEquals("Post failed: two lines", OutputLines.postFailed("two\nlines"));
        assertEquals("Post failed: refused by the server", OutputLines.postFailed(" "));
        assertEquals("Post failed: " + "z".repeat(200) + "...", OutputLines.postFailed("z".repeat(500)));
    }

    @Test
    void serverUnavailableNamesTheAddress() {
        assertEquals("Command failed: server localhost:10000 is unavailable", OutputLines.serverUnavailable("localhost:10000"));
    }

    @Test
    void theBannerIsTheAssignments() {
        assertEquals(String.join(System.lineSeparator(),
                "========= TINY SNS CLIENT =========",
                " Command Lists and Format:",
                " FOLLOW <username>",
                " UNFOLLOW <username>",
                " LIST",
                " TIMELINE",
                "====================================="), OutputLines.BANNER);
    }

    @Test
    void postsAreShownWithCtimeAndASpacePaddedDay() {
        long millis = LocalDateTime.of(2018, 2, 1, 23, 47, 25).toInstant(ZoneOffset.UTC).toEpochMilli();
        PostFormat format = new PostFormat(ZoneId.of("UTC"));
        assertEquals("Thu Feb  1 23:47:25 2018", format.ctime(millis));
        assertEquals("4 (Thu Feb  1 23:47:25 2018) >> hello",
                format.format(Message.newBuilder().setUsername("4").setMsg("hello").setTimestampMillis(millis).build()));
        long twoDigitDay = LocalDateTime.of(2018, 2, 14, 9, 5, 3).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertEquals("Wed Feb 14 09:05:03 2018", format.ctime(twoDigitDay));
    }
}
