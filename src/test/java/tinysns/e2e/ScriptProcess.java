package tinysns.e2e;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the project's scripts ({@code scripts/*.sh}) running as a real process for an end-to-end test: started
 * in a working directory with arguments, its standard output and error captured line by line (and echoed to the
 * test's own output with the script's name, for reading failed runs), its standard input writable, signals
 * sendable, and killed with all its descendants by {@link #close()} (use try-with-resources or an @AfterEach).
 *
 * <p>Scripts {@code exec} their JVM, so the process is the role itself and a signal reaches it directly.
 */
public final class ScriptProcess implements AutoCloseable {

    /** How long a JVM may take to start and say its first line on a loaded machine. */
    public static final Duration STARTUP = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final Writer stdin;

    private ScriptProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readers.add(drain(process.getInputStream(), stdout, name + " out"));
        readers.add(drain(process.getErrorStream(), stderr, name + " err"));
    }

    /** The repository root; Failsafe sets {@code tinysns.home}. */
    public static Path home() {
        String home = System.getProperty("tinysns.home");
        if (home == null) {
            throw new IllegalStateException("system property tinysns.home is not set: run end-to-end tests with mvn verify");
        }
        return Path.of(home);
    }

    /**
     * Starts {@code script} (relative to the repository root, e.g. {@code scripts/coordinator.sh}) in
     * {@code workDir}, which is created if missing.
     */
    public static ScriptProcess start(Path workDir, String script, String... args) {
        return start(workDir, Map.of(), script, args);
    }

    /** As {@link #start(Path, String, String...)}, with extra environment variables. */
    public static ScriptProcess start(Path workDir, Map<String, String> environment, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home().resolve(script).toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            builder.environment().putAll(environment);
            return new ScriptProcess(Path.of(script).getFileName().toString(), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The lines written to standard output so far. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** The lines written to standard output so far after the first {@code skipLines}. */
    public List<String> stdoutAfter(int skipLines) {
        return linesAfter(stdout(), skipLines);
    }

    /** The lines written to standard error so far. */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /** Waits until a line of standard output matches {@code pattern} (found anywhere in it); returns the match. */
    public Matcher awaitStdout(Pattern pattern, Duration timeout) {
        return awaitLine(stdout, pattern, timeout, "standard output");
    }

    /**
     * Waits until a line of standard output after the first {@code skipLines} matches {@code pattern}: take
     * {@code stdout().size()} before typing a command to wait for that command's answer only.
     */
    public Matcher awaitStdoutAfter(int skipLines, Pattern pattern, Duration timeout) {
        return await("a line after line " + skipLines + " matching /" + pattern + "/ on " + name + "'s standard output")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> firstMatch(linesAfter(stdout(), skipLines), pattern), Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until a line of standard error (where the roles log) matches {@code pattern}; returns the match. */
    public Matcher awaitStderr(Pattern pattern, Duration timeout) {
        return awaitLine(stderr, pattern, timeout, "standard error");
    }

    private Matcher awaitLine(List<String> lines, Pattern pattern, Duration timeout, String stream) {
        return await("a line matching /" + pattern + "/ on " + name + "'s " + stream)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> firstMatch(lines, pattern), Optional::isPresent)
                .orElseThrow();
    }

    /** From a snapshot: a view of the live list would throw ConcurrentModificationException once a line arrives. */
    private static List<String> linesAfter(List<String> snapshot, int skipLines) {
        return snapshot.subList(Math.min(skipLines, snapshot.size()), snapshot.size());
    }

    private static Optional<Matcher> firstMatch(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * Types {@code line} (a client's command) and waits for a line of its answer matching {@code expected}: only lines
     * written after it count, so an earlier answer to the same command is not mistaken for this one.
     */
    public Matcher command(String line, Pattern expected, Duration timeout) {
        int seen = stdout.size();
        writeLine(line);
        return awaitStdoutAfter(seen, expected, timeout);
    }

    /** Types a line on the process's standard input. */
    public void writeLine(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name, e);
        }
    }

    /** Ends standard input (Ctrl-D at a terminal). */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the input of " + name, e);
        }
    }

    /** Sends a signal by name, e.g. {@code TERM}, {@code INT}, {@code KILL}, {@code STOP}, {@code CONT}. */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM. */
    public void terminate() {
        signal("TERM");
    }

    /** SIGKILL, without waiting. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end and returns its exit code; fails the test if it has not ended in time. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; its standard error:\n"
                        + String.join("\n", stderr));
            }
            joinReaders();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process and everything it started, and waits for them. Safe to call more than once. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            joinReaders();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void joinReaders() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private static Thread drain(InputStream stream, List<String> lines, String label) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[" + label + "] " + line);
                }
            } catch (IOException ignored) {
                // The process is gone; what it wrote is kept.
            }
        }, "drain " + label);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
