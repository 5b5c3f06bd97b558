package tinysns.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this one's class path, so that a server and its load generator do not share a heap, a JIT or
 * a GC. Its stderr goes to a log file under the output directory. It lives until {@link #close()}, which closes its
 * stdin (a {@code RoleMain}'s cue to stop), then sends SIGTERM (the product's roles stop on it), then kills it;
 * a shutdown hook kills it too, should this JVM end without closing it.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String name;
    private final Path log;
    private final BufferedReader stdout;
    private final Writer stdin;

    private ChildJvm(Process process, String name, Path log) {
        this.process = process;
        this.name = name;
        this.log = log;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code mainClass} with {@code args}.
     *
     * @param jvmFlags heap size and the like, before the class path
     */
    public static ChildJvm start(String name, List<String> jvmFlags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-D" + BenchOutput.DIR_PROPERTY + "=" + BenchOutput.dir());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Path log = BenchOutput.logDir().resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
            return new ChildJvm(process, name, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " JVM", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Reads the child's next stdout line; fails, pointing at the log, when the child dies first. */
    public String readLine() {
        try {
            String line = stdout.readLine();
            if (line == null) {
                throw new IllegalStateException("the " + name + " process ended early (exit "
                        + waitForExit() + "); see " + log);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from the " + name + " process", e);
        }
    }

    /** Reads lines until one starts with {@code prefix} and returns the rest of it. */
    public String awaitLine(String prefix) {
        while (true) {
            String line = readLine();
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    /** Sends one line to the child's stdin. */
    public void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the " + name + " process; see " + log, e);
        }
    }

    /** Asks a {@code RoleMain} child what it has spent so far. */
    public ProcessCosts costs() {
        send("STATS");
        return ProcessCosts.decode(awaitLine("STATS"));
    }

    private int waitForExit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // It is going away anyway.
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
