package tinysns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder for the tsd role; replaced by its issue. */
@Command(description = "The tsd role (not built yet).")
public final class ServerCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new UserFacingException("tsd: not built yet");
    }
}
