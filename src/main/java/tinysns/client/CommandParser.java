package tinysns.client;

import java.util.Locale;

/** Parses a command-mode line: the command word is case-insensitive, its argument is the next word. */
public final class CommandParser {

    private CommandParser() {
    }

    public static Command parse(String line) {
        String[] words = line.trim().split("\\s+");
        if (words[0].isEmpty()) {
            return new Command.Blank();
        }
        String word = words[0].toUpperCase(Locale.ROOT);
        String argument = words.length > 1 ? words[1] : null;
        return switch (word) {
            case "FOLLOW" -> argument == null ? new Command.MissingArgument() : new Command.Follow(argument);
            case "UNFOLLOW" -> argument == null ? new Command.MissingArgument() : new Command.Unfollow(argument);
            case "LIST" -> new Command.ListUsers();
            case "TIMELINE" -> new Command.Timeline();
            default -> new Command.Unknown();
        };
    }
}
