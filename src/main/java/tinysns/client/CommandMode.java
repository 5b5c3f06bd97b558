package tinysns.client;

import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.ListReply;

/** The {@code Cmd> } loop: FOLLOW, UNFOLLOW, LIST, and TIMELINE, which leaves this mode for good. */
final class CommandMode {

    /** How command mode ended. */
    enum Exit { END_OF_INPUT, ENTERED_TIMELINE }

    private final SnsSession session;
    private final Terminal terminal;
    private final TimelineMode timeline;
    private final Failover failover;

    CommandMode(SnsSession session, Terminal terminal, TimelineMode timeline, Failover failover) {
        this.session = session;
        this.terminal = terminal;
        this.timeline = timeline;
        this.failover = failover;
    }

    Exit run() throws InterruptedException {
        boolean prompt = true;
        while (true) {
            if (prompt) {
                terminal.prompt();
            }
            prompt = true;
            InputEvent event = terminal.next();
            if (event instanceof InputEvent.EndOfInput) {
                return Exit.END_OF_INPUT;
            }
            if (event instanceof InputEvent.ServerLost) {
                // Section 8: look for a new master first; commands typed meanwhile print the unavailable line.
                failover.begin(session.serverAddress());
                prompt = false;
                continue;
            }
            if (event instanceof InputEvent.FailoverFailed) {
                // Said at once, not only at the next command, so the user knows before typing.
                terminal.println("");
                terminal.println(OutputLines.serverUnavailable(session.serverAddress()));
                continue;
            }
            if (event instanceof InputEvent.Reconnected reconnected) {
                session.adopt(reconnected.session());
                terminal.println("");
                terminal.println(OutputLines.reconnected(session.serverAddress()));
                continue;
            }
            Command command = CommandParser.parse(((InputEvent.Line) event).text());
            if (command instanceof Command.Timeline && timeline.enter()) {
                return Exit.ENTERED_TIMELINE;
            }
            execute(command);
        }
    }

    private void execute(Command command) {
        if (command instanceof Command.Follow follow) {
            report(session.follow(follow.username()));
        } else if (command instanceof Command.Unfollow unfollow) {
            report(session.unfollow(unfollow.username()));
        } else if (command instanceof Command.ListUsers) {
            printList(session.list());
        } else if (command instanceof Command.MissingArgument) {
            terminal.println(OutputLines.NO_ARGUMENTS);
        } else if (command instanceof Command.Unknown) {
            terminal.println(OutputLines.UNKNOWN_COMMAND);
        }
        // Blank: nothing to do. Timeline that could not be entered: TimelineMode.enter() printed why.
    }

    private void report(CompletableFuture<?> request) {
        String failure = Outcome.failureLine(request, session);
        terminal.println(failure == null ? OutputLines.SUCCESS : failure);
    }

    private void printList(CompletableFuture<ListReply> request) {
        String failure = Outcome.failureLine(request, session);
        if (failure != null) {
            terminal.println(failure);
            return;
        }
        ListReply reply = request.join();
        terminal.println(OutputLines.SUCCESS);
        terminal.println(OutputLines.allUsers(reply.getAllUsersList()));
        terminal.println(OutputLines.followers(reply.getFollowersList()));
    }
}
