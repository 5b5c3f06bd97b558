package tinysns.coordinator.leadership;

import java.nio.charset.StandardCharsets;
import tinysns.protocol.proto.ServerType;

/**
 * One registration as ZooKeeper keeps it: which server, where, what, and whether it was last known alive. Stored as
 * one readable line ({@code 3 host 9001 SERVER ALIVE}) so that {@code zkCli.sh get} shows it as it is.
 */
record Slot(int clusterId, int serverId, String host, int port, ServerType role, boolean alive) {

    byte[] encode() {
        return (serverId + " " + host + " " + port + " " + role + " " + (alive ? "ALIVE" : "DEAD"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the bytes are not a slot line; the message quotes them */
    static Slot decode(int clusterId, byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        String[] fields = line.split(" ");
        try {
            if (fields.length != 5) {
                throw new IllegalArgumentException("expected 5 fields");
            }
            return new Slot(clusterId, Integer.parseInt(fields[0]), fields[1], Integer.parseInt(fields[2]),
                    ServerType.valueOf(fields[3]), "ALIVE".equals(fields[4]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster " + clusterId + ": not a registration: '" + line + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    Slot withAlive(boolean nowAlive) {
        return new Slot(clusterId, serverId, host, port, role, nowAlive);
    }

    String name() {
        return "cluster " + clusterId + " server " + serverId;
    }
}
