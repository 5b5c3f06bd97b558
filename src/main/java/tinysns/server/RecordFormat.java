package tinysns.server;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tinysns.protocol.proto.Change;

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

    /**
     * A change's line of {@code order.txt} at a server of {@code cluster}: its word, followed for another cluster's
     * change (applied by a synchronizer) by that cluster and the change's number there, e.g. {@code post 2 17}, so
     * that after a restart the change is still known as theirs, and a redelivery of it is still recognised.
     */
    static String orderLine(Change change, int cluster) {
        String word = orderWord(change);
        return change.getOriginCluster() == cluster ? word
                : word + " " + change.getOriginCluster() + " " + change.getOriginSeq();
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

    /** A second and its text. */
    private record WrittenTime(long epochSecond, String text) {
    }

    /**
     * The second written last: records come in time order, many in one second, and formatting a time was the
     * largest allocation per post (a record and its hash each write it).
     */
    private static volatile WrittenTime lastWritten = new WrittenTime(Long.MIN_VALUE, "");

    static String time(long epochSecond) {
        WrittenTime last = lastWritten;
        if (last.epochSecond() != epochSecond) {
            last = new WrittenTime(epochSecond, TIME.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)));
            lastWritten = last;
        }
        return last.text();
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
