package tinysns.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The jar's entry point: {@code java -jar tinysns.jar <role> [flags]}, where the scripts in {@code scripts/} name the
 * role. Turns usage mistakes into one line plus usage (exit 2) and known failures into one line (exit 1).
 */
public final class Main {

    private record Role(String script, Supplier<Object> command, boolean quietLogs) {
    }

    private static final Map<String, Role> ROLES = new LinkedHashMap<>();

    static {
        ROLES.put("coordinator", new Role("scripts/coordinator.sh", CoordinatorCommand::new, false));
        ROLES.put("tsd", new Role("scripts/tsd.sh", ServerCommand::new, false));
        ROLES.put("tsc", new Role("scripts/tsc.sh", ClientCommand::new, true));
        ROLES.put("status", new Role("scripts/status.sh", StatusCommand::new, true));
        ROLES.put("synchronizer", new Role("scripts/synchronizer.sh", SynchronizerCommand::new, false));
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a role and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        if (args.length == 0 || !ROLES.containsKey(args[0])) {
            System.err.println("usage: java -jar tinysns.jar <" + String.join("|", ROLES.keySet()) + "> [flags]  (see scripts/)");
            return ExitCodes.USAGE;
        }
        Role role = ROLES.get(args[0]);
        if (role.quietLogs()) {
            // Interactive tools keep standard error for what the user needs to read.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("tinysns.log", "warn"));
        }
        String[] roleArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        CommandLine commandLine = new CommandLine(role.command().get())
                .setCommandName(role.script())
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler(Main::failure);
        return commandLine.execute(roleArgs);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        CommandLine command = e.getCommandLine();
        err.println(command.getCommandName() + ": " + e.getMessage());
        err.print("Usage: " + command.getHelp().synopsis(0));
        err.println("Run " + command.getCommandName() + " --help for every option.");
        return ExitCodes.USAGE;
    }

    private static int failure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof UserFacingException user) {
            err.println(user.getMessage());
            return user.exitCode();
        }
        err.println(commandLine.getCommandName() + ": " + e);
        if (Boolean.getBoolean("tinysns.debug")) {
            e.printStackTrace(err);
        }
        return ExitCodes.FAILED;
    }
}
