package tinysns.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Relation;

/**
 * {@code changes.txt}: every change this server applied, one readable line each, for the synchronizers
 * (docs/SYNCHRONIZERS.md). Lines of its own users' changes are numbered 1, 2, 3, ... ({@code L <seq> ...}), so a
 * synchronizer can ask for them again from any number; lines of other clusters' changes carry their origin
 * cluster and number ({@code R <cluster> <seq> ...}), so a change delivered twice is recognised and applied once.
 * It is appended in the same batch as the data files and made durable after them. Used on the commit loop's thread.
 */
final class ChangeLog implements AutoCloseable {

    static final String FILE = "changes.txt";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);

    private final AppendLog log;
    private final List<Change> local;
    /** origin cluster -> the highest origin_seq applied here. */
    private final Map<Integer, Long> applied;

    private ChangeLog(AppendLog log, List<Change> local, Map<Integer, Long> applied) {
        this.log = log;
        this.local = local;
        this.applied = applied;
    }

    /** Opens {@code dir/changes.txt}, reading back what it holds; a torn last line is cut off with one warning. */
    static ChangeLog open(Path dir) throws IOException {
        AppendLog log = AppendLog.open(dir.resolve(FILE));
        try {
            List<Change> local = new ArrayList<>();
            Map<Integer, Long> applied = new TreeMap<>();
            byte[] bytes = AppendLog.readAll(log.path());
            int start = 0;
            int number = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    number++;
                    try {
                        readLine(line, local, applied);
                    } catch (RuntimeException e) {
                        throw new IOException(log.path() + " line " + number + ": " + e.getMessage());
                    }
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                LOG.warn("{}: ignoring a torn last line ({} bytes at offset {}), left by a crash while it was written",
                        log.path(), bytes.length - start, start);
            }
            log.cutTo(start);
            return new ChangeLog(log, local, applied);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Numbers a change of this server's own users and records it; returns it numbered. */
    Change recordLocal(Change.Builder change) {
        Change numbered = change.setOriginSeq(local.size() + 1L).build();
        local.add(numbered);
        log.append("L " + numbered.getOriginSeq() + " " + body(numbered));
        return numbered;
    }

    /** True when the change of another cluster is already held here (a redelivery). */
    boolean applied(int originCluster, long originSeq) {
        return originSeq <= applied.getOrDefault(originCluster, 0L);
    }

    void recordRemote(Change change) {
        applied.merge(change.getOriginCluster(), change.getOriginSeq(), Math::max);
        log.append("R " + change.getOriginCluster() + " " + change.getOriginSeq() + " " + body(change));
    }

    /** Per origin cluster, the highest number applied here. */
    Map<Integer, Long> appliedPositions() {
        return Collections.unmodifiableMap(applied);
    }

    long lastLocalSeq() {
        return local.size();
    }

    /** Up to {@code max} of this server's own changes, from number {@code fromSeq} on. */
    List<Change> localFrom(long fromSeq, int max) {
        int from = (int) Math.max(0, Math.min(fromSeq - 1, local.size()));
        return local.subList(from, Math.min(local.size(), from + max));
    }

    boolean hasPending() {
        return log.hasPending();
    }

    void sync() throws IOException {
        log.sync();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    /** {@code <millis> user <u>}, {@code <millis> follow|unfollow <a> <b>} or {@code <millis> post <a> <text>}. */
    private static String body(Change change) {
        String head = change.getTimestampMillis() + " ";
        return switch (change.getKindCase()) {
            case USER_ADDED -> head + "user " + change.getUserAdded() + "\n";
            case FOLLOW -> head + "follow " + change.getFollow().getFollower() + " " + change.getFollow().getFollowee() + "\n";
            case UNFOLLOW -> head + "unfollow " + change.getUnfollow().getFollower() + " " + change.getUnfollow().getFollowee() + "\n";
            case POST -> head + "post " + change.getPost().getUsername() + " " + change.getPost().getMsg() + "\n";
            case KIND_NOT_SET -> throw new IllegalArgumentException("a change without a kind");
        };
    }

    private static void readLine(String line, List<Change> local, Map<Integer, Long> applied) {
        String[] words = line.split(" ", 3);
        if (words.length < 3) {
            throw new IllegalArgumentException("expected 'L <seq> ...' or 'R <cluster> <seq> ...', got '" + line + "'");
        }
        if (words[0].equals("R")) {
            String[] rest = words[2].split(" ", 2);
            applied.merge(Integer.parseInt(words[1]), Long.parseLong(rest[0]), Math::max);
            return;
        }
        if (!words[0].equals("L") || Long.parseLong(words[1]) != local.size() + 1L) {
            throw new IllegalArgumentException("expected 'L " + (local.size() + 1) + " ...', got '" + line + "'");
        }
        String[] body = words[2].split(" ", 3);
        Change.Builder change = Change.newBuilder().setOriginSeq(local.size() + 1L).setTimestampMillis(Long.parseLong(body[0]));
        String[] args = body.length > 2 ? body[2].split(" ", body[1].equals("post") ? 2 : 3) : new String[0];
        switch (body[1]) {
            case "user" -> change.setUserAdded(Integer.parseInt(body[2]));
            case "follow" -> change.setFollow(relation(args));
            case "unfollow" -> change.setUnfollow(relation(args));
            case "post" -> change.setPost(Message.newBuilder().setUsername(args[0]).setMsg(args.length > 1 ? args[1] : "")
                    .setTimestampMillis(change.getTimestampMillis()));
            default -> throw new IllegalArgumentException("unknown change '" + body[1] + "'");
        }
        local.add(change.build());
    }

    private static Relation relation(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("expected '<follower> <followee>'");
        }
        return Relation.newBuilder().setFollower(Integer.parseInt(args[0])).setFollowee(Integer.parseInt(args[1])).build();
    }
}
