package tinysns.cli;

/** A failure whose message is the one line the user should read; printed without a stack trace. */
public final class UserFacingException extends RuntimeException {

    private final int exitCode;

    public UserFacingException(String message) {
        this(message, ExitCodes.FAILED);
    }

    public UserFacingException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
