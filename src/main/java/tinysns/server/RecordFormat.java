package tinysns.server;

import java.time.LocalDateTime;
import tinysns.protocol.proto.Change;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How each change is written as text (see {@link SnsFiles} for the files). Times are UTC, written
 * {@code yyyy-MM-dd HH:mm:ss}, so a restart in another time zone reads the same instants back.
 */
final class RecordFormat {

    static final String FOLLOWS = "follows";
    static final String UNFOLLOWS = "unfollows";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private RecordFormat() {
    }

    /** {@code users.txt}: one user ID per line, in the order the users first logged in. */
    static String user(int user) {
        return user + "\n";
    }

    /** {@code following.txt}: {@code <time> <follower> follows <followee>} or {@code ... unfollows ...}. */
    static String followChange(long epochSecond, int follower, boolean follows, int followee) {
        return time(epochSecond) + " " + follower + " " + (follows ? FOLLOWS : UNFOLLOWS) + " " + followee + "\n";
    }

    /** {@code posts.txt}: the assignment's record: {@code T <time>}, {@code U <user>}, {@code W <text>}, empty line. */
    static String post(long epochSecond, String author, String text) {
        return "T " + time(epochSecond) + "\nU " + author + "\nW " + text + "\n\n";
    }

    /** {@code order.txt}: which file holds the record of each position of the {@link ChangeLog}, one word a line. */
    static String orderWord(Change change) {
        return switch (change.getKindCase()) {
            case USER_ADDED -> "user";
            case FOLLOW -> FOLLOWS;
            case UNFOLLOW -> UNFOLLOWS;
            case POST -> "post";
            case KIND_NOT_SET -> throw new IllegalArgumentException("a change without a kind");
        };
    }

    /** The text a change adds to its file (users.txt, following.txt or posts.txt). */
    static String record(Change change) {
        long second = change.getTimestampMillis() / 1000;
        return switch (change.getKindCase()) {
            case USER_ADDED -> user(change.getUserAdded());
            case FOLLOW -> followChange(second, change.getFollow().getFollower(), true, change.getFollow().getFollowee());
            case UNFOLLOW -> followChange(second, change.getUnfollow().getFollower(), false,
                    change.getUnfollow().getFollowee());
            case POST -> post(second, change.getPost().getUsername(), change.getPost().getMsg());
            case KIND_NOT_SET -> throw new IllegalArgumentException("a change without a kind");
        };
    }

    /** What two servers compare to tell whether they hold the same change: its order word and its record. */
    static String canonical(Change change) {
        return orderWord(change) + "\n" + record(change);
    }

    static String time(long epochSecond) {
        return TIME.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
    }

    /** @throws IllegalArgumentException when {@code text} is not a time as {@link #time} writes it */
    static long parseTime(String text) {
        try {
            return LocalDateTime.parse(text, TIME).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time as yyyy-MM-dd HH:mm:ss, got '" + text + "'");
        }
    }

    /**
     * A user ID as users type it: a positive integer in its plain form ("7", not "07" or "+7"), so one user has
     * one name.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static int parseUser(String text) {
        int user;
        try {
            user = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a user ID (a positive integer)");
        }
        if (user < 1 || !Integer.toString(user).equals(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a user ID (a positive integer)");
        }
        return user;
    }
}
