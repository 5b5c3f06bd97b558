package tinysns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder for the tsc role; replaced by its issue. */
@Command(description = "The tsc role (not built yet).")
public final class ClientCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new UserFacingException("tsc: not built yet");
    }
}
