package tinysns.client;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tinysns.protocol.proto.Message;

/** Shows a post as {@code <userId> (<ctime>) >> <text>}, with the time in C's ctime form. */
public final class PostFormat {

    /** ctime: {@code Thu Feb  1 23:47:25 2018} — the day of the month is padded with a space, not a zero. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private final ZoneId zone;

    public PostFormat(ZoneId zone) {
        this.zone = zone;
    }

    public String format(Message post) {
        return post.getUsername() + " (" + ctime(post.getTimestampMillis()) + ") >> " + post.getMsg();
    }

    public String ctime(long epochMillis) {
        return CTIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
