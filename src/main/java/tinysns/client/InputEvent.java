package tinysns.client;

/**
 * What the client's main loop reacts to: a typed line, the end of input, the loss of its server, and how a failover
 * ended (docs/CONTRACT.md section 8).
 */
public sealed interface InputEvent {

    record Line(String text) implements InputEvent {
    }

    record EndOfInput() implements InputEvent {
    }

    record ServerLost() implements InputEvent {
    }

    /** The cluster's new master took this user's login. */
    record Reconnected(SnsSession session) implements InputEvent {
    }

    /** No other live server in the cluster, or none took over within the wait: section 4 holds. */
    record FailoverFailed() implements InputEvent {
    }
}
