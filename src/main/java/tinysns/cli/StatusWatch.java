package tinysns.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code scripts/status.sh --watch}: redraws the registration table in place every interval, like watch(1), until
 * it is told to stop. A coordinator that cannot be reached is a line of the frame, not the end of the watch, so
 * the table comes back by itself when the coordinator does.
 */
final class StatusWatch {

    /** Cursor to the top left; each line then erases what is left of the previous frame's line, the last all below. */
    static final String HOME = "\033[H";
    static final String ERASE_LINE_END = "\033[K";
    static final String ERASE_BELOW = "\033[J";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Waits between frames. */
    interface Pause {
        /** Waits up to {@code interval}; true when the watch should stop (Ctrl-C). */
        boolean stopWithin(Duration interval);
    }

    private final Supplier<List<String>> table;
    private final String source;
    private final PrintWriter out;
    private final Clock clock;
    private final Duration interval;
    private final Pause pause;

    /**
     * @param table  the table's lines, fetched anew for each frame; throws {@link UserFacingException} when it
     *               cannot be had, and the frame shows that message instead
     * @param source what is watched, for the frame's title (e.g. the coordinator's address)
     */
    StatusWatch(Supplier<List<String>> table, String source, PrintWriter out, Clock clock, Duration interval, Pause pause) {
        this.table = table;
        this.source = source;
        this.out = out;
        this.clock = clock;
        this.interval = interval;
        this.pause = pause;
    }

    /** Draws frames until the pause says stop, then leaves the cursor on a line of its own (after the ^C). */
    void run() {
        do {
            draw();
        } while (!pause.stopWithin(interval));
        out.println();
        out.flush();
    }

    void draw() {
        List<String> lines;
        try {
            lines = table.get();
        } catch (UserFacingException unreachable) {
            lines = List.of(unreachable.getMessage() + " (trying again every " + seconds(interval) + ")");
        }
        List<String> all = new ArrayList<>();
        all.add("Every " + seconds(interval) + ": coordinator " + source + "   " + LocalTime.now(clock).format(TIME)
                + "   (Ctrl-C to stop)");
        all.add("");
        all.addAll(lines);
        // One write per frame, so the terminal never shows half of one; the last line erases the rest of the screen.
        StringBuilder frame = new StringBuilder(HOME);
        for (int i = 0; i < all.size(); i++) {
            frame.append(all.get(i)).append(i < all.size() - 1 ? ERASE_LINE_END : ERASE_BELOW).append('\n');
        }
        out.print(frame);
        out.flush();
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
