package tinysns.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tinysns.testing.TempFolders;

/**
 * The JVM flags the end-to-end tests start roles with: these tests start a few hundred JVMs on a small machine, and
 * most of a role's start-up CPU is the JIT and class loading. So: only the JIT's quick tier, the serial collector,
 * and a class-data archive of the product jar (AppCDS), made once per test run by a tsd started and stopped with
 * {@code -XX:ArchiveClassesAtExit}, which takes about a third off each start. Without the archive (it could not be
 * made), the other flags alone.
 */
final class QuickStart {

    /** Only the quick tier of the JIT and the serial collector: a role starts in about half the time. */
    static final String BASE_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k";
    /** A class archive that cannot be used is ignored; the JVM would say so on standard output, which tests read. */
    private static final String QUIET = " -Xlog:cds*=off -Xlog:class+path=off";

    private static String flags;

    private QuickStart() {
    }

    /** The flags, with the archive's once it is made (the first call makes it, in about five seconds). */
    static synchronized String flags() {
        if (flags == null) {
            Path archive = ScriptProcess.home().resolve("target/e2e-classes.jsa");
            boolean made;
            try {
                made = makeArchive(archive);
            } catch (RuntimeException | AssertionError e) {
                System.err.println("[e2e] no class archive, roles start without it: " + e.getMessage());
                made = false;
            }
            flags = made ? BASE_FLAGS + " -XX:SharedArchiveFile=" + archive + QUIET : BASE_FLAGS;
        }
        return flags;
    }

    /** A coordinator and a tsd registered with it, both stopped with SIGTERM: the tsd writes the archive as it exits. */
    private static boolean makeArchive(Path archive) {
        Path dir;
        try {
            Files.deleteIfExists(archive);
            dir = Files.createTempDirectory("tinysns-class-archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int coordinatorPort = FreePorts.next();
        try (ScriptProcess coordinator = ScriptProcess.start(dir, Map.of("TINYSNS_JAVA_OPTS", BASE_FLAGS),
                "scripts/coordinator.sh", "-p", Integer.toString(coordinatorPort), "--bind", "127.0.0.1",
                "--http-port", "off")) {
            coordinator.awaitStderr(Roles.LISTENING, ScriptProcess.STARTUP);
            try (ScriptProcess server = ScriptProcess.start(dir,
                    Map.of("TINYSNS_JAVA_OPTS", BASE_FLAGS + " -XX:ArchiveClassesAtExit=" + archive),
                    "scripts/tsd.sh", "-c", "1", "-s", "1", "-h", "127.0.0.1", "-k", Integer.toString(coordinatorPort),
                    "-p", Integer.toString(FreePorts.next()), "--bind", "127.0.0.1", "--hostname", "127.0.0.1")) {
                server.awaitStderr(Roles.REGISTERED, ScriptProcess.STARTUP);
                server.terminate();
                server.awaitExit(Duration.ofSeconds(30));
            }
            coordinator.terminate();
        } finally {
            TempFolders.delete(dir);
        }
        return Files.isRegularFile(archive);
    }
}
