package tinysns.bench;

/** One line per step on stdout, stamped with the time since the run started, so a long run shows where it is. */
final class Progress {

    private final long startNanos = System.nanoTime();
    private int failures;

    void step(String format, Object... args) {
        long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        System.out.printf("[bench %d:%02d] %s%n", seconds / 60, seconds % 60, String.format(format, args));
        System.out.flush();
    }

    void failed(String what, String where) {
        failures++;
        step("FAILED: %s (see %s)", what, where);
    }

    int failures() {
        return failures;
    }
}
