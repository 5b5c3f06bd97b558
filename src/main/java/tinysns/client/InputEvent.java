package tinysns.client;

/** What the client's main loop reacts to: a typed line, the end of input, or the loss of its server. */
public sealed interface InputEvent {

    record Line(String text) implements InputEvent {
    }

    record EndOfInput() implements InputEvent {
    }

    record ServerLost() implements InputEvent {
    }
}
