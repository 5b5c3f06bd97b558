package tinysns.cli;

import picocli.CommandLine.Option;

/** {@code --help} only: {@code -h} is the coordinator host in the assignment's flags. */
public final class HelpOption {

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
