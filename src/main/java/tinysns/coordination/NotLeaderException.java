package tinysns.coordination;

/**
 * The coordinator asked does not lead (docs/CONTRACT.md section 10): it named the leader, or none while an election
 * is under way. Not a refusal: the same request goes to the leader.
 */
public final class NotLeaderException extends RuntimeException {

    private final String asked;
    private final String leader;

    public NotLeaderException(String asked, String leader) {
        super("coordinator " + asked + " does not lead" + (leader.isEmpty() ? " (no leader elected yet)"
                : "; the leader is " + leader), null, false, false);
        this.asked = asked;
        this.leader = leader;
    }

    /** The coordinator that answered, {@code host:port}. */
    public String asked() {
        return asked;
    }

    /** The leader's {@code host:port}; empty when none is known. */
    public String leader() {
        return leader;
    }
}
