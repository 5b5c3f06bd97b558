package tinysns.coordinator;

import java.time.Instant;

/** One line of the dashboard's "recent events". */
public record RegistryEvent(Instant at, Kind kind, int clusterId, int serverId, String address, String detail) {

    public enum Kind { REGISTERED, DIED, CAME_BACK, REJECTED, LEFT }
}
