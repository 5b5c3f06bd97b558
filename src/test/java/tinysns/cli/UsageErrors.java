package tinysns.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the jar's entry point in-process and returns what it printed on standard error, line by line. */
public final class UsageErrors {

    private UsageErrors() {
    }

    /** {@code exit[0]} gets the exit code. */
    public static String[] runCapturingErr(int[] exit, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit[0] = Main.run(args);
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8).split("\n");
    }
}
