package tinysns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder for the status role; replaced by its issue. */
@Command(description = "The status role (not built yet).")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new UserFacingException("status: not built yet");
    }
}
