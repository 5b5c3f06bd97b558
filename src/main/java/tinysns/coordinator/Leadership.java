package tinysns.coordinator;

import tinysns.protocol.proto.Heartbeat;

/**
 * Whether this coordinator may serve, and where registrations go before the table takes them. A coordinator that
 * stands alone always leads and takes registrations at once; one of several sharing ZooKeeper leads only while
 * ZooKeeper says so (docs/CONTRACT.md section 10), and writes every registration and revival there first.
 */
public interface Leadership {

    /** A coordinator on its own: always the leader, nothing written anywhere but the table. */
    Leadership STANDALONE = new Leadership() {
        @Override
        public boolean leads() {
            return true;
        }

        @Override
        public String leader() {
            return "";
        }
    };

    /**
     * True while this coordinator may answer requests and change its table. Called on every request and before
     * every declared death, so it must be cheap and allocate nothing.
     */
    boolean leads();

    /** The leader's host:port, told to whoever asks a coordinator that does not lead; empty when unknown. */
    String leader();

    /**
     * Null when the table takes registrations and revivals at once; else where they are written before the table
     * takes them (renewals never go there).
     */
    default RegistrationWriter writer() {
        return null;
    }

    /** Writes registrations and revivals somewhere durable before the table takes them. */
    interface RegistrationWriter {

        /**
         * Writes what {@code heartbeat} changes (a new registration, or a revival), then runs {@code apply} (which
         * hands the heartbeat to the table and answers it), or, when it cannot be written, {@code refuse} with
         * one line saying why. Returns at once; both run on the writer's own thread, in the order submitted.
         */
        void write(Heartbeat heartbeat, tinysns.protocol.proto.ServerType type, Runnable apply,
                   java.util.function.Consumer<String> refuse);
    }
}
