package tinysns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Placeholder for the coordinator role; replaced by its issue. */
@Command(description = "The coordinator role (not built yet).")
public final class CoordinatorCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new UserFacingException("coordinator: not built yet");
    }
}
