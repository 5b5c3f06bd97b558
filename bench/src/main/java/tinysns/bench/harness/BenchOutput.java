package tinysns.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmark processes leave what JMH does not carry: per-call costs, latency percentiles of deliveries,
 * server logs. The driver passes the directory to every JMH fork as a system property.
 */
public final class BenchOutput {

    public static final String DIR_PROPERTY = "tinysns.bench.out";

    private BenchOutput() {
    }

    public static Path dir() {
        Path dir = Path.of(System.getProperty(DIR_PROPERTY, "target/bench")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static Path logDir() {
        Path logs = dir().resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logs;
    }

    /** Appends one tab-separated line to {@code file} in the output directory (forks append, never overwrite). */
    public static synchronized void appendLine(String file, Object... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            line.append(fields[i]);
        }
        line.append('\n');
        try {
            Files.writeString(dir().resolve(file), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
