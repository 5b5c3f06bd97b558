package tinysns.client;

/** The client could not start; the message is the whole line to print, starting with {@code connection failed: }. */
public final class StartupFailedException extends Exception {

    public StartupFailedException(String reason) {
        super("connection failed: " + reason, null, false, false);
    }
}
