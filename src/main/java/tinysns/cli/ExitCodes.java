package tinysns.cli;

/** The exit codes of every tinysns command (docs/CONTRACT.md section 1). */
public final class ExitCodes {

    /** Normal end. */
    public static final int OK = 0;
    /** The system could not do it: coordinator unreachable, no server, server died, port in use. */
    public static final int FAILED = 1;
    /** Bad or missing flag. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
