package tinysns.coordination;

import tinysns.protocol.proto.Heartbeat;

/**
 * What a heartbeat carries beyond the sender's fixed fields, decided as it is sent: a server's news for the
 * coordinator (docs/CONTRACT.md section 8). Most heartbeats carry none, so the coordinator reads them unparsed.
 */
public interface HeartbeatNews {

    HeartbeatNews NONE = (base, newLink) -> base;

    /**
     * @param base    the sender's fixed heartbeat
     * @param newLink no heartbeat on this connection has been answered yet (the coordinator may have restarted)
     * @return {@code base} itself when there is no news
     */
    Heartbeat next(Heartbeat base, boolean newLink);
}
