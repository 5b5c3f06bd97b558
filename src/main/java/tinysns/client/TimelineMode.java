package tinysns.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.TimelineOpened;

/**
 * Timeline mode: shows the newest posts of followed users, then streams new ones as the server pushes them, and
 * posts every line the user types. It ends with the input (exit 0) or with the server (exit 1).
 */
final class TimelineMode {

    private final SnsSession session;
    private final Terminal terminal;
    private final PostFormat format;
    private final Failover failover;
    /** Posts pushed before the opening lines were printed wait here, so the order on screen stays right. */
    private List<Message> early = new ArrayList<>();
    /** Every post shown, so a timeline reopened on a new master shows only the ones not shown yet (section 8). */
    private final Set<String> shown = new HashSet<>();

    TimelineMode(SnsSession session, Terminal terminal, PostFormat format, Failover failover) {
        this.session = session;
        this.terminal = terminal;
        this.format = format;
        this.failover = failover;
    }

    /** Opens the stream and prints its opening lines; false (with the failure printed) when it could not. */
    boolean enter() {
        CompletableFuture<TimelineOpened> opening = session.openTimeline(this::show);
        String failure = Outcome.failureLine(opening, session);
        if (failure != null) {
            terminal.println(failure);
            return false;
        }
        terminal.println(OutputLines.SUCCESS);
        terminal.println(OutputLines.IN_TIMELINE);
        opening.join().getRecentList().forEach(this::print);
        flushEarly();
        return true;
    }

    /** After a failover: reopens the stream on the new master and shows, oldest first, what was not shown yet. */
    private void reopen() {
        synchronized (this) {
            early = new ArrayList<>();
        }
        CompletableFuture<TimelineOpened> opening = session.openTimeline(this::show);
        if (Outcome.failureOf(opening) != null) {
            return; // the new master is gone too: its loss arrives as an event of its own
        }
        List<Message> recent = new ArrayList<>(opening.join().getRecentList());
        Collections.reverse(recent);
        recent.forEach(this::print);
        flushEarly();
    }

    private void flushEarly() {
        List<Message> waiting;
        synchronized (this) {
            waiting = early;
            early = null;
        }
        waiting.forEach(this::print);
    }

    private void show(Message post) {
        synchronized (this) {
            if (early != null) {
                early.add(post);
                return;
            }
        }
        print(post);
    }

    /** Prints a post once: a post is its author, its time and its text. */
    private void print(Message post) {
        synchronized (shown) {
            if (!shown.add(post.getUsername() + " " + post.getTimestampMillis() + " " + post.getMsg())) {
                return;
            }
        }
        terminal.println(format.format(post));
    }

    /** Returns the exit code: 0 at the end of input, 1 when the server is gone. */
    int run() throws InterruptedException {
        boolean unavailableShown = false;
        while (true) {
            InputEvent event = terminal.next();
            if (event instanceof InputEvent.EndOfInput) {
                return 0;
            }
            if (event instanceof InputEvent.ServerLost) {
                failover.begin(session.serverAddress());
                continue;
            }
            if (event instanceof InputEvent.FailoverFailed) {
                if (!unavailableShown) {
                    terminal.println(OutputLines.serverUnavailable(session.serverAddress()));
                }
                return 1;
            }
            if (event instanceof InputEvent.Reconnected reconnected) {
                unavailableShown = false;
                session.adopt(reconnected.session());
                terminal.println(OutputLines.reconnected(session.serverAddress()));
                reopen();
                continue;
            }
            String text = ((InputEvent.Line) event).text();
            if (text.isBlank()) {
                continue;
            }
            Throwable failure = Outcome.failureOf(session.post(text));
            if (failure != null) {
                terminal.println(Outcome.postFailureLine(failure, session));
                unavailableShown = Outcome.meansServerLost(failure);
                if (Outcome.meansServerLost(failure) && !failover.inProgress()) {
                    // Lost before its loss arrived as an event: look for a new master as that event would.
                    failover.begin(session.serverAddress());
                }
            }
        }
    }
}
