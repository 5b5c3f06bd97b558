package tinysns.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;

/** Runs a {@link ClientApp} on a thread of its own with a pipe for standard input and captured output. */
final class ClientHarness implements AutoCloseable {

    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    ClientHarness(ClientConfig config) {
        try {
            PipedInputStream stdin = new PipedInputStream(keyboard, 64 * 1024);
            Terminal terminal = new Terminal(stdin, new PrintStream(stdout, true, StandardCharsets.UTF_8));
            ClientApp app = new ClientApp(config, terminal, ZoneId.of("UTC"));
            PrintStream errors = new PrintStream(stderr, true, StandardCharsets.UTF_8);
            Thread main = new Thread(() -> {
                try {
                    exitCode.complete(app.run(errors));
                } catch (Throwable t) {
                    exitCode.completeExceptionally(t);
                }
            }, "client-under-test");
            main.setDaemon(true);
            main.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void type(String line) {
        try {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ctrl-D. */
    void endInput() {
        try {
            keyboard.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String errors() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        endInput();
    }
}
