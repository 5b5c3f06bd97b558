package tinysns.bench.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One tinysns role (coordinator or tsd) as its own process, started from the product jar as scripts/tsd.sh starts
 * it, its output in a log file. Stopped by its PID only: kill -9 ({@link #kill()}), SIGTERM ({@link #terminate()}).
 */
final class RoleProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String name;

    private RoleProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    static RoleProcess start(Path jar, Path log, String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        try {
            Files.deleteIfExists(log); // a log of an earlier run would answer awaitLine at once
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
            return new RoleProcess(process, log, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** How many lines of its log contain {@code text} so far. */
    int count(String text) {
        try {
            return (int) Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits until more than {@code seen} lines of its log contain {@code text}. */
    void awaitLine(String text, int seen, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (count(text) <= seen) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " never logged '" + text + "'" + (process.isAlive() ? "" : " (it ended)")
                        + "; see " + log);
            }
            Thread.sleep(20); // polling a log file during set-up, not a measurement
        }
    }

    /** kill -9, by PID. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, by PID; the role stops cleanly (a master hands over). */
    void terminate() {
        process.destroy();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
