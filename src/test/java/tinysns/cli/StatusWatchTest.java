package tinysns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The redraw loop of {@code status.sh --watch}, with the table, the clock and the pause between frames faked. */
class StatusWatchTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-25T12:00:05Z"), ZoneOffset.UTC);
    private static final String TITLE = "Every 1 s: coordinator localhost:9090   12:00:05   (Ctrl-C to stop)";

    private final StringWriter screen = new StringWriter();
    private final List<Duration> pauses = new ArrayList<>();

    /** Lets {@code frames} frames be drawn, recording each pause asked for. */
    private StatusWatch.Pause stopAfter(int frames) {
        return interval -> {
            pauses.add(interval);
            return pauses.size() >= frames;
        };
    }

    private StatusWatch watch(Supplier<List<String>> table, StatusWatch.Pause pause) {
        return new StatusWatch(table, "localhost:9090", new PrintWriter(screen), NOON, Duration.ofSeconds(1), pause);
    }

    private static String frame(String... lines) {
        StringBuilder frame = new StringBuilder("\033[H");
        for (int i = 0; i < lines.length; i++) {
            frame.append(lines[i]).append(i < lines.length - 1 ? "\033[K" : "\033[J").append('\n');
        }
        return frame.toString();
    }

    @Test
    void eachFrameGoesHomeRedrawsTheTableOverThePreviousOneAndErasesWhatIsLeftBelow() {
        Iterator<List<String>> tables = List.of(
                List.of("CLUSTER  SERVER  STATE", "1        1       ALIVE", "2        1       ALIVE"),
                List.of("CLUSTER  SERVER  STATE", "1        1       DEAD")).iterator();
        watch(tables::next, stopAfter(2)).run();
        assertEquals(frame(TITLE, "", "CLUSTER  SERVER  STATE", "1        1       ALIVE", "2        1       ALIVE")
                + frame(TITLE, "", "CLUSTER  SERVER  STATE", "1        1       DEAD") + "\n", screen.toString());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), pauses, "a second between frames");
    }

    @Test
    void anUnreachableCoordinatorIsALineOfTheFrameAndTheWatchGoesOnUntilStopped() {
        List<String> table = List.of("CLUSTER  SERVER  STATE", "1        1       ALIVE");
        Iterator<Supplier<List<String>>> answers = List.<Supplier<List<String>>>of(
                () -> {
                    throw new UserFacingException("cannot reach coordinator at localhost:9090");
                },
                () -> table).iterator();
        watch(() -> answers.next().get(), stopAfter(2)).run();
        assertEquals(frame(TITLE, "", "cannot reach coordinator at localhost:9090 (trying again every 1 s)")
                + frame(TITLE, "", "CLUSTER  SERVER  STATE", "1        1       ALIVE") + "\n", screen.toString());
    }

    @Test
    void stoppingDuringTheFirstPauseDrawsExactlyOneFrame() {
        watch(() -> List.of("(no servers registered)"), stopAfter(1)).run();
        assertEquals(frame(TITLE, "", "(no servers registered)") + "\n", screen.toString());
    }
}
