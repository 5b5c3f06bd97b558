package tinysns.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CommandParserTest {

    @Test
    void commandWordsAreCaseInsensitive() {
        assertEquals(new Command.Follow("4"), CommandParser.parse("follow 4"));
        assertEquals(new Command.Follow("4"), CommandParser.parse("FoLLoW 4"));
        assertEquals(new Command.Unfollow("12"), CommandParser.parse("UNFOLLOW 12"));
        assertEquals(new Command.ListUsers(), CommandParser.parse("list"));
        assertEquals(new Command.Timeline(), CommandParser.parse("Timeline"));
    }

    @Test
    void surroundingAndRepeatedSpacesAreIgnored() {
        assertEquals(new Command.Follow("7"), CommandParser.parse("   FOLLOW    7   "));
    }

    @Test
    void followOrUnfollowWithoutAUserIsMissingItsArgument() {
        assertEquals(new Command.MissingArgument(), CommandParser.parse("FOLLOW"));
        assertEquals(new Command.MissingArgument(), CommandParser.parse("unfollow   "));
    }

    @Test
    void anyOtherWordIsUnknown() {
        assertEquals(new Command.Unknown(), CommandParser.parse("POST hello"));
        assertEquals(new Command.Unknown(), CommandParser.parse("LISTS"));
    }

    @Test
    void anEmptyLineIsBlank() {
        assertEquals(new Command.Blank(), CommandParser.parse(""));
        assertEquals(new Command.Blank(), CommandParser.parse("  \t "));
    }
}
