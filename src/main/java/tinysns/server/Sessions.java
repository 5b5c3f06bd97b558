package tinysns.server;

import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;
import tinysns.rpc.RequestContext;

/**
 * Who is logged in on which connection, and where each user's open timeline stream is. A user is logged in from
 * one live connection at a time; the login ends when that connection closes. Used only on the commit loop's thread.
 */
final class Sessions {

    private static final class Session {
        final Channel channel;
        RequestContext timeline;

        Session(Channel channel) {
            this.channel = channel;
        }
    }

    private final Map<Integer, Session> byUser = new HashMap<>();
    private final Map<Channel, Integer> byChannel = new HashMap<>();

    /** The user logged in on {@code channel}, or null. */
    Integer userOn(Channel channel) {
        return byChannel.get(channel);
    }

    /** True when {@code user} is logged in on a live connection other than {@code channel}. */
    boolean loggedInElsewhere(int user, Channel channel) {
        Session session = byUser.get(user);
        return session != null && session.channel != channel && session.channel.isActive();
    }

    void login(int user, Channel channel) {
        Session previous = byUser.put(user, new Session(channel));
        if (previous != null) {
            byChannel.remove(previous.channel); // a closed connection whose logout has not run yet
        }
        byChannel.put(channel, user);
    }

    /** Ends the login of {@code channel}, if it still holds one. */
    void logout(Channel channel) {
        Integer user = byChannel.remove(channel);
        if (user != null) {
            Session session = byUser.get(user);
            if (session != null && session.channel == channel) {
                byUser.remove(user);
            }
        }
    }

    /** Closes every logged-in connection: this server stopped serving clients (their logins end as they close). */
    void closeAll() {
        for (Channel channel : byChannel.keySet().toArray(new Channel[0])) {
            channel.close();
        }
    }

    void openTimeline(int user, RequestContext stream) {
        Session session = byUser.get(user);
        if (session != null) {
            session.timeline = stream;
        }
    }

    /** The open timeline stream of {@code user}, or null. */
    RequestContext timelineOf(int user) {
        Session session = byUser.get(user);
        return session == null ? null : session.timeline;
    }
}
