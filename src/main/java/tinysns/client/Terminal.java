package tinysns.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's console. Lines typed by the user are read on a thread of their own and queued as events, so the
 * main loop can also wake up for the loss of the server while the user types nothing. Output from the main loop and
 * from pushed posts is serialised so lines never interleave mid-line.
 */
public final class Terminal {

    private final PrintStream out;
    private final BlockingQueue<InputEvent> events = new LinkedBlockingQueue<>();

    public Terminal(InputStream in, PrintStream out) {
        this.out = out;
        Thread reader = new Thread(() -> readLines(in), "tsc-input");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines(InputStream in) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                events.add(new InputEvent.Line(line));
            }
        } catch (IOException e) {
            // A closed or broken standard input ends the session like Ctrl-D.
        }
        events.add(new InputEvent.EndOfInput());
    }

    /** Blocks until the next line, the end of input, or a posted event. */
    public InputEvent next() throws InterruptedException {
        return events.take();
    }

    /** Wakes the main loop from another thread (for example when the server connection closes). */
    public void post(InputEvent event) {
        events.add(event);
    }

    public synchronized void println(String line) {
        out.println(line);
        out.flush();
    }

    public synchronized void prompt() {
        out.print(OutputLines.PROMPT);
        out.flush();
    }
}
