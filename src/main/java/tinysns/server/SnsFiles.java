package tinysns.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tinysns.protocol.proto.Change;

/**
 * All of a server's state, as plain text files in its data directory, each append-only:
 * <ul>
 *   <li>{@code users.txt}: one user ID per line, in the order users first logged in;</li>
 *   <li>{@code following.txt}: one line per change, {@code 2024-02-01 23:47:25 3 follows 5} or
 *       {@code ... 3 unfollows 5}; replaying the lines gives who follows whom, and since when;</li>
 *   <li>{@code posts.txt}: every post of every user in storage order, in the assignment's record format
 *       ({@code T <yyyy-MM-dd HH:mm:ss>}, {@code U <user>}, {@code W <text>}, then an empty line);</li>
 *   <li>{@code order.txt}: one word a line ({@code user}, {@code follows}, {@code unfollows}, {@code post}) per
 *       position of the {@link ChangeLog}, saying which file holds that change, so the one order of all changes
 *       survives a restart (see {@link ChangeOrder}).</li>
 * </ul>
 * Times are UTC. A post is one line: the service refuses text with a line break, so the format needs no escaping.
 * Changes are buffered and made durable together by {@link #sync} (users first, so no durable follow or post names
 * a user who is not; order.txt last, so it never names a record that is not on disk). On open, a torn last line or record (a crash mid-write) is dropped with one warning and cut
 * off the file; anything else malformed stops the start with the file and line named. The users file is locked
 * while the server runs, so two servers cannot share a directory.
 */
final class SnsFiles implements AutoCloseable {

    static final String USERS = "users.txt";
    static final String FOLLOWING = "following.txt";
    static final String POSTS = "posts.txt";
    static final String ORDER = "order.txt";

    private final Path dir;
    private final AppendLog users;
    private final AppendLog following;
    private final AppendLog posts;
    private final AppendLog order;
    private final FileLock lock;

    private SnsFiles(Path dir, AppendLog users, AppendLog following, AppendLog posts, AppendLog order, FileLock lock) {
        this.dir = dir;
        this.users = users;
        this.following = following;
        this.posts = posts;
        this.order = order;
        this.lock = lock;
    }

    /** As {@link #open(Path, SnsState, ChangeLog, int)}, for a server that needs no change log (tests). */
    static SnsFiles open(Path dir, SnsState state) throws IOException {
        return open(dir, state, new ChangeLog(), 0);
    }

    /**
     * Creates the directory if needed, loads every file into {@code state} and {@code log} (each change stamped
     * with {@code cluster} as its origin), and opens the files for appending.
     */
    static SnsFiles open(Path dir, SnsState state, ChangeLog log, int cluster) throws IOException {
        Files.createDirectories(dir);
        boolean created = !Files.exists(dir.resolve(USERS)) || !Files.exists(dir.resolve(FOLLOWING))
                || !Files.exists(dir.resolve(POSTS));
        AppendLog users = null;
        AppendLog following = null;
        AppendLog posts = null;
        AppendLog order = null;
        try {
            SnsFileLoader loader = new SnsFileLoader(state, cluster);
            users = AppendLog.open(dir.resolve(USERS));
            // Locked before anything is read, so a second server on this directory stops before it changes anything.
            FileLock lock = lock(users.channel(), dir);
            following = AppendLog.open(dir.resolve(FOLLOWING));
            posts = AppendLog.open(dir.resolve(POSTS));
            users.cutTo(loader.loadUsers(users.path()));
            following.cutTo(loader.loadFollowing(following.path()));
            posts.cutTo(loader.loadPosts(posts.path()));
            order = AppendLog.open(dir.resolve(ORDER));
            List<Change> changes = ChangeOrder.merge(order.path().toString(), SnsFileLoader.readWords(order.path()),
                    loader.users, loader.following, loader.posts);
            rewriteIfDifferent(order, ChangeOrder.text(changes));
            changes.forEach(log::append);
            log.loaded();
            if (created) {
                forceDirectory(dir);
            }
            return new SnsFiles(dir, users, following, posts, order, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(users);
            closeQuietly(following);
            closeQuietly(posts);
            closeQuietly(order);
            throw e;
        }
    }

    /** order.txt as the files say it must be: usually already so; after a crash, rewritten whole. */
    private static void rewriteIfDifferent(AppendLog order, String text) throws IOException {
        if (new String(AppendLog.readAll(order.path()), StandardCharsets.UTF_8).equals(text)) {
            return;
        }
        order.cutTo(0);
        order.append(text);
        order.sync();
    }

    Path dir() {
        return dir;
    }

    /** Appends a change's record to its file and its word to order.txt. */
    void append(Change change) {
        AppendLog file = switch (change.getKindCase()) {
            case USER_ADDED -> users;
            case FOLLOW, UNFOLLOW -> following;
            case POST -> posts;
            case KIND_NOT_SET -> throw new IllegalArgumentException("a change without a kind");
        };
        file.append(RecordFormat.record(change));
        order.append(RecordFormat.orderWord(change) + "\n");
    }

    boolean hasPending() {
        return users.hasPending() || following.hasPending() || posts.hasPending() || order.hasPending();
    }

    /** Makes everything appended so far durable: written and fsync'd. */
    void sync() throws IOException {
        users.sync();
        following.sync();
        posts.sync();
        order.sync();
    }

    /**
     * Empties every file: a slave about to take a full copy of its master's (whatever it held that the master does
     * not is discarded, docs/CONTRACT.md section 8). Nothing buffered survives.
     */
    void clear() throws IOException {
        for (AppendLog log : List.of(users, following, posts, order)) {
            log.discardPending();
            log.cutTo(0);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            closeQuietly(following);
            closeQuietly(posts);
            closeQuietly(order);
            users.close();
        }
    }

    private static FileLock lock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("data directory " + dir + " is in use by another running server");
        }
        return lock;
    }

    /** Makes the new files' directory entries durable too (Linux needs the directory itself fsync'd). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the files' own fsyncs are all they offer.
        }
    }

    private static void closeQuietly(AppendLog log) {
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // Already failing or closing; the first error is the one reported.
            }
        }
    }
}
