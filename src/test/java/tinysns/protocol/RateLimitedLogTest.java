package tinysns.protocol;

import tinysns.testing.ManualTimer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class RateLimitedLogTest {

    private final ManualTimer clock = new ManualTimer();
    private final RecordingLogger logger = new RecordingLogger();
    private final RateLimitedLog log = new RateLimitedLog(logger, 20, clock::nanoTime);

    @Test
    void aFloodOfBadInputLogsAtMostTwentyLinesASecondAndReportsHowManyItSuppressed() {
        for (int i = 0; i < 1_000; i++) {
            log.warn("closing connection from {}: bad frame", "peer-" + i);
        }
        assertEquals(20, logger.lines.size(), "only the first 20 lines of the second are written");
        assertEquals("closing connection from peer-19: bad frame", logger.lines.get(19));
        assertEquals(980, log.suppressedTotal());

        clock.advance(Duration.ofMillis(999));
        log.warn("closing connection from {}: bad frame", "still-the-same-second");
        assertEquals(20, logger.lines.size(), "the window lasts a full second");

        clock.advance(Duration.ofMillis(1));
        log.warn("closing connection from {}: bad frame", "next-second");
        assertEquals(List.of("(981 similar lines suppressed)", "closing connection from next-second: bad frame"),
                logger.lines.subList(20, 22), "the next line let through says how many were dropped");
    }

    @Test
    void aSteadyTrickleBelowTheLimitIsLoggedInFullWithNoSuppressedNote() {
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < 20; i++) {
                log.warn("line {}", second * 20 + i);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(100, logger.lines.size());
        assertEquals(0, log.suppressedTotal());
        assertEquals(0, logger.lines.stream().filter(l -> l.contains("suppressed")).count());
    }

    @Test
    void aLazyArgumentIsFormattedOnlyForTheLinesLetThrough() {
        int[] formatted = {0};
        for (int i = 0; i < 1_000; i++) {
            int server = i;
            log.warn("server {} declared dead", RateLimitedLog.lazy(() -> {
                formatted[0]++;
                return "s" + server;
            }));
        }
        assertEquals(20, formatted[0], "the 980 suppressed lines built no text");
        assertEquals("server s0 declared dead", logger.lines.get(0));
        assertEquals("server s19 declared dead", logger.lines.get(19));
    }

    /** Keeps every WARN line it is given, formatted. */
    private static final class RecordingLogger extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                                                   Object[] arguments, Throwable throwable) {
            if (level == Level.WARN) {
                lines.add(MessageFormatter.basicArrayFormat(messagePattern, arguments));
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
