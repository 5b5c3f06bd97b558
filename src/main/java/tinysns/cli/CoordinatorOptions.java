package tinysns.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tinysns.coordination.Coordinators;

/**
 * How a role finds the coordinator, declared once for tsd, tsc and the synchronizer: {@code -h/-k} for a single
 * coordinator, or {@code --coordinators host:port,...} for several sharing ZooKeeper (docs/CONTRACT.md section 10).
 */
public final class CoordinatorOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-h", "--coordinator-host"}, paramLabel = "<coordinatorHost>", defaultValue = "localhost",
            description = "Coordinator host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-k", "--coordinator-port"}, paramLabel = "<coordinatorPort>", defaultValue = "9090",
            converter = PortConverter.Connect.class, description = "Coordinator port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--coordinators", paramLabel = "<host:port,...>",
            description = "Several coordinators sharing ZooKeeper (instead of -h/-k): whichever leads is used, and a"
                    + " change of leader is followed.")
    String list;

    /** The coordinators given: the {@code --coordinators} list, else the one at -h/-k; a bad list is a usage error. */
    public Coordinators coordinators() {
        return Options.coordinators(spec, list, host, port);
    }

    /** Whether {@code --coordinators} was given. */
    public boolean listed() {
        return list != null;
    }

    /** {@code --coordinators} as given, or empty when absent (the form the role configs take). */
    public String listOrEmpty() {
        return list == null ? "" : list;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
