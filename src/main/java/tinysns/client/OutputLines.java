package tinysns.client;

import java.util.List;
import tinysns.protocol.proto.ErrorCode;

/** Every line the client prints, exactly as the assignment's client prints it (docs/CONTRACT.md section 4). */
public final class OutputLines {

    public static final String BANNER = String.join(System.lineSeparator(),
            "========= TINY SNS CLIENT =========",
            " Command Lists and Format:",
            " FOLLOW <username>",
            " UNFOLLOW <username>",
            " LIST",
            " TIMELINE",
            "=====================================");
    public static final String PROMPT = "Cmd> ";
    public static final String SUCCESS = "Command completed successfully";
    public static final String ALREADY_EXISTS = "Input username already exists, command failed";
    public static final String INVALID_USERNAME = "Command failed with invalid username";
    public static final String NOT_A_FOLLOWER = "Command failed with not a follower";
    public static final String INVALID_COMMAND = "Command failed with invalid command";
    public static final String UNKNOWN_REASON = "Command failed with unknown reason";
    public static final String UNKNOWN_COMMAND = "Invalid Command";
    public static final String NO_ARGUMENTS = "Invalid Input -- No Arguments Given";
    public static final String IN_TIMELINE = "Now you are in the timeline";
    private static final int MAX_REASON_LENGTH = 200;

    private OutputLines() {
    }

    /** The line for a server's error reply. */
    public static String forError(ErrorCode code) {
        return switch (code) {
            case ALREADY_EXISTS -> ALREADY_EXISTS;
            case INVALID_USERNAME -> INVALID_USERNAME;
            case NOT_A_FOLLOWER -> NOT_A_FOLLOWER;
            case INVALID_ARGUMENT -> INVALID_COMMAND;
            default -> UNKNOWN_REASON;
        };
    }

    /** A refused post, with the server's reason cut to one short printable line. */
    public static String postFailed(String reason) {
        String printable = reason.replaceAll("\\p{Cntrl}", " ").strip();
        if (printable.length() > MAX_REASON_LENGTH) {
            printable = printable.substring(0, MAX_REASON_LENGTH) + "...";
        }
        return "Post failed: " + (printable.isEmpty() ? "refused by the server" : printable);
    }

    public static String serverUnavailable(String hostPort) {
        return "Command failed: server " + hostPort + " is unavailable";
    }

    /** docs/CONTRACT.md section 8: the client carries on with its cluster's new master. */
    public static String reconnected(String hostPort) {
        return "Reconnected to server " + hostPort;
    }

    /** {@code All users: 1, 4, } — every name followed by a comma and a space, as the assignment prints it. */
    public static String allUsers(List<String> users) {
        return "All users: " + commaTerminated(users);
    }

    public static String followers(List<String> users) {
        return "Followers: " + commaTerminated(users);
    }

    private static String commaTerminated(List<String> names) {
        StringBuilder line = new StringBuilder();
        for (String name : names) {
            line.append(name).append(", ");
        }
        return line.toString();
    }
}
