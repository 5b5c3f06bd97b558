package tinysns.coordinator;

/**
 * What a heartbeat did to the table. The accepted outcomes are shared constants, so a renewal allocates nothing;
 * a rejection carries the one line to send back.
 */
public record HeartbeatOutcome(Kind kind, String reason) {

    public enum Kind {
        /** First heartbeat of this (cluster ID, server ID): added, alive. */
        REGISTERED,
        /** A live server's heartbeat: its lease starts again. */
        RENEWED,
        /** A dead server's heartbeat (possibly from a new address, which then takes the slot): alive again. */
        REVIVED,
        /** A field is missing or out of range; the reason names it. Nothing changed. */
        INVALID_ARGUMENT,
        /** The slot is held by a live server at another address; the reason names it. Nothing changed. */
        SLOT_TAKEN,
        /** The coordinator requires the shared secret and the heartbeat lacks it. Nothing changed. */
        UNAUTHENTICATED
    }

    public static final HeartbeatOutcome REGISTERED = new HeartbeatOutcome(Kind.REGISTERED, "");
    public static final HeartbeatOutcome RENEWED = new HeartbeatOutcome(Kind.RENEWED, "");
    public static final HeartbeatOutcome REVIVED = new HeartbeatOutcome(Kind.REVIVED, "");

    static HeartbeatOutcome invalid(String reason) {
        return new HeartbeatOutcome(Kind.INVALID_ARGUMENT, reason);
    }

    static HeartbeatOutcome unauthenticated(String reason) {
        return new HeartbeatOutcome(Kind.UNAUTHENTICATED, reason);
    }

    static HeartbeatOutcome slotTaken(String reason) {
        return new HeartbeatOutcome(Kind.SLOT_TAKEN, reason);
    }

    public boolean accepted() {
        return kind == Kind.REGISTERED || kind == Kind.RENEWED || kind == Kind.REVIVED;
    }
}
