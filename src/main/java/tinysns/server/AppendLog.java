package tinysns.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One append-only text file: text is buffered by {@link #append} and made durable by {@link #sync} (write, then
 * fsync), so that many changes share one fsync. Used by one thread at a time.
 */
final class AppendLog implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final StringBuilder pending = new StringBuilder();

    private AppendLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} (creating it) for appending at its end. */
    static AppendLog open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.position(channel.size());
            return new AppendLog(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Cuts the file to its first {@code validLength} bytes, so a torn tail left by a crash is not glued to the next record. */
    void cutTo(long validLength) throws IOException {
        if (channel.size() > validLength) {
            channel.truncate(validLength);
            channel.force(true);
        }
        channel.position(validLength);
    }

    /** Reads the whole file, or nothing when it does not exist yet. */
    static byte[] readAll(Path path) throws IOException {
        return Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    void append(CharSequence text) {
        pending.append(text);
    }

    void discardPending() {
        pending.setLength(0);
    }

    boolean hasPending() {
        return pending.length() > 0;
    }

    /** Writes what was appended and waits until it is on disk. */
    void sync() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(pending.toString());
        pending.setLength(0);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
