package tinysns.bench.peers;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags of both JVM registries (tinysns's coordinator and ZooKeeper), the same for both so that their
 * memory rows compare data structures, not collectors. {@code scripts/bench.sh} passes the coordinator's own
 * defaults ({@code TINYSNS_COORDINATOR_JAVA_OPTS} of {@code scripts/common.sh}), so the coordinator runs as
 * {@code scripts/coordinator.sh} starts it.
 */
public final class RegistryJvmFlags {

    static final String PROPERTY = "tinysns.bench.peers.registryJvmFlags";

    private RegistryJvmFlags() {
    }

    /** The flags given, or none (the JVM's defaults) when run without bench.sh. */
    static List<String> get() {
        String given = System.getProperty(PROPERTY, "").trim();
        return given.isEmpty() ? List.of() : Arrays.asList(given.split("\\s+"));
    }

    public static String describe() {
        List<String> flags = get();
        return flags.isEmpty() ? "the JVM's defaults" : String.join(" ", flags);
    }
}
