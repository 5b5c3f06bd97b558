package tinysns.client;

import java.util.ArrayList;
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
    /** Posts pushed before the opening lines were printed wait here, so the order on screen stays right. */
    private List<Message> early = new ArrayList<>();

    TimelineMode(SnsSession session, Terminal terminal, PostFormat format) {
        this.session = session;
        this.terminal = terminal;
        this.format = format;
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
        for (Message post : opening.join().getRecentList()) {
            terminal.println(format.format(post));
        }
        List<Message> waiting;
        synchronized (this) {
            waiting = early;
            early = null;
        }
        waiting.forEach(post -> terminal.println(format.format(post)));
        return true;
    }

    private void show(Message post) {
        synchronized (this) {
            if (early != null) {
                early.add(post);
                return;
            }
        }
        terminal.println(format.format(post));
    }

    /** Returns the exit code: 0 at the end of input, 1 when the server is gone. */
    int run() throws InterruptedException {
        while (true) {
            InputEvent event = terminal.next();
            if (event instanceof InputEvent.EndOfInput) {
                return 0;
            }
            if (event instanceof InputEvent.ServerLost) {
                terminal.println(OutputLines.serverUnavailable(session.serverAddress()));
                return 1;
            }
            String text = ((InputEvent.Line) event).text();
            if (text.isBlank()) {
                continue;
            }
            Throwable failure = Outcome.failureOf(session.post(text));
            if (failure != null) {
                terminal.println(Outcome.postFailureLine(failure, session));
                if (Outcome.meansServerLost(failure)) {
                    return 1;
                }
            }
        }
    }
}
