package tinysns.client;

/** One line typed in command mode, parsed. */
public sealed interface Command {

    record Follow(String username) implements Command {
    }

    record Unfollow(String username) implements Command {
    }

    record ListUsers() implements Command {
    }

    record Timeline() implements Command {
    }

    /** A known command word without the user it needs. */
    record MissingArgument() implements Command {
    }

    /** Not a command word at all. */
    record Unknown() implements Command {
    }

    /** An empty line: nothing to do, the prompt comes back. */
    record Blank() implements Command {
    }
}
