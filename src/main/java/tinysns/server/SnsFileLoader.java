package tinysns.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;

/**
 * Reads the files of {@link SnsFiles} back into an {@link SnsState}, and each record as a {@link Change} for the
 * {@link ChangeLog}. Each load returns how many bytes of the file hold complete lines or records; what follows is a
 * torn tail from a crash, dropped with one warning.
 */
final class SnsFileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SnsFileLoader.class);

    private final SnsState state;
    private final int cluster;
    /** The changes of each file in file order, with no position yet ({@link LoadedOrder} gives them theirs). */
    final List<Change> users = new ArrayList<>();
    final List<Change> following = new ArrayList<>();
    final List<Change> posts = new ArrayList<>();

    SnsFileLoader(SnsState state, int cluster) {
        this.state = state;
        this.cluster = cluster;
    }

    long loadUsers(Path file) throws IOException {
        Lines lines = Lines.read(file);
        for (Line line : lines.complete) {
            int user = parse(file, line, () -> RecordFormat.parseUser(line.text));
            state.addUser(user);
            users.add(Changes.userAdded(cluster, 0, user));
        }
        return lines.keep(file, lines.validLength(), "line");
    }

    long loadFollowing(Path file) throws IOException {
        Lines lines = Lines.read(file);
        for (Line line : lines.complete) {
            parse(file, line, () -> {
                String[] words = line.text.split(" ");
                if (words.length != 5 || !(words[3].equals(RecordFormat.FOLLOWS) || words[3].equals(RecordFormat.UNFOLLOWS))) {
                    throw new IllegalArgumentException("expected '<date> <time> <user> follows|unfollows <user>', got '"
                            + line.text + "'");
                }
                long since = RecordFormat.parseTime(words[0] + " " + words[1]);
                int follower = RecordFormat.parseUser(words[2]);
                int followee = RecordFormat.parseUser(words[4]);
                if (words[3].equals(RecordFormat.FOLLOWS)) {
                    state.follow(follower, followee, since);
                    following.add(Changes.follow(cluster, 0, since, follower, followee));
                } else {
                    state.unfollow(follower, followee);
                    following.add(Changes.unfollow(cluster, 0, since, follower, followee));
                }
                return null;
            });
        }
        return lines.keep(file, lines.validLength(), "line");
    }

    /** Posts: records of four lines; a record without its closing empty line is torn. */
    long loadPosts(Path file) throws IOException {
        Lines lines = Lines.read(file);
        List<Line> all = lines.complete;
        long validLength = 0;
        for (int i = 0; i + 3 < all.size(); i += 4) {
            Line t = all.get(i);
            Line u = all.get(i + 1);
            Line w = all.get(i + 2);
            Line end = all.get(i + 3);
            long time = parse(file, t, () -> RecordFormat.parseTime(field(t, "T ")));
            int author = parse(file, u, () -> RecordFormat.parseUser(field(u, "U ")));
            String text = parse(file, w, () -> field(w, "W "));
            parse(file, end, () -> {
                if (!end.text.isEmpty()) {
                    throw new IllegalArgumentException("expected the empty line that ends a post, got '" + end.text + "'");
                }
                return null;
            });
            state.addPost(author, time, text);
            posts.add(Changes.post(cluster, 0, time, author, text));
            validLength = end.endOffset;
        }
        // Up to three lines of an unfinished record, then perhaps part of a line: a torn write.
        return lines.keep(file, validLength, "record");
    }

    private static String field(Line line, String prefix) {
        if (!line.text.startsWith(prefix)) {
            throw new IllegalArgumentException("expected a line starting with '" + prefix + "', got '" + line.text + "'");
        }
        return line.text.substring(prefix.length());
    }

    private static <T> T parse(Path file, Line line, java.util.function.Supplier<T> parser) throws IOException {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " line " + line.number + ": " + e.getMessage());
        }
    }

    /** Reads {@code order.txt} as its lines' words; a torn last line is left out (the caller rewrites the file). */
    static List<String> readWords(Path file) throws IOException {
        List<String> words = new ArrayList<>();
        for (Line line : Lines.read(file).complete) {
            words.add(line.text);
        }
        return words;
    }

    private record Line(int number, String text, long endOffset) {
    }

    /** A file split into its complete lines ('\n'-terminated) and a possible unterminated tail. */
    private record Lines(List<Line> complete, long length) {

        static Lines read(Path file) throws IOException {
            byte[] bytes = AppendLog.readAll(file);
            List<Line> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new Line(lines.size() + 1, new String(bytes, start, i - start, StandardCharsets.UTF_8), i + 1));
                    start = i + 1;
                }
            }
            return new Lines(lines, bytes.length);
        }

        long validLength() {
            return complete.isEmpty() ? 0 : complete.get(complete.size() - 1).endOffset;
        }

        /** Logs the one warning when bytes after {@code validLength} are dropped; returns {@code validLength}. */
        long keep(Path file, long validLength, String unit) {
            if (length > validLength) {
                LOG.warn("{}: ignoring a torn last {} ({} bytes at offset {}), left by a crash while it was written",
                        file, unit, length - validLength, validLength);
            }
            return validLength;
        }
    }
}
