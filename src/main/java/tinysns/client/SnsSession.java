package tinysns.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.TimelineOpened;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/** A logged-in user's connection to their server, with one method per SNS request. */
final class SnsSession implements AutoCloseable {

    private volatile RpcConnection connection;
    private final String username;
    private volatile String serverAddress;
    private volatile Runnable onLost = () -> { };

    private SnsSession(RpcConnection connection, String username, String serverAddress) {
        this.connection = connection;
        this.username = username;
        this.serverAddress = serverAddress;
    }

    /** Connects to the assigned server and logs in. */
    static SnsSession open(RpcClient rpc, ServerInfo server, String username) throws StartupFailedException {
        String address = server.getHostname() + ":" + server.getPort();
        RpcConnection connection;
        try {
            connection = rpc.connect(server.getHostname(), server.getPort()).join();
        } catch (CompletionException e) {
            throw new StartupFailedException("cannot connect to server " + address);
        }
        SnsSession session = new SnsSession(connection, username, address);
        try {
            connection.call(Envelope.newBuilder().setLogin(session.request())).join();
            return session;
        } catch (CompletionException e) {
            connection.close();
            if (e.getCause() instanceof RemoteErrorException remote) {
                if (remote.code() == ErrorCode.ALREADY_LOGGED_IN) {
                    throw new StartupFailedException("user " + username + " is already logged in");
                }
                throw new StartupFailedException("server " + address + " refused the login: " + remote.remoteMessage());
            }
            throw new StartupFailedException("cannot connect to server " + address);
        }
    }

    String serverAddress() {
        return serverAddress;
    }

    /** Runs {@code action} when the connection to the server is gone (again after each {@link #adopt}). */
    void onLost(Runnable action) {
        onLost = action;
        RpcConnection current = connection;
        current.closeFuture().thenRun(() -> {
            if (connection == current) {
                action.run();
            }
        });
    }

    /** Carries on over {@code next}'s connection (a failover's new master); this session's old connection is closed. */
    void adopt(SnsSession next) {
        RpcConnection old = connection;
        connection = next.connection;
        serverAddress = next.serverAddress;
        old.close();
        onLost(onLost);
    }

    CompletableFuture<Envelope> follow(String other) {
        return connection.call(Envelope.newBuilder().setFollow(request().addArguments(other)));
    }

    CompletableFuture<Envelope> unfollow(String other) {
        return connection.call(Envelope.newBuilder().setUnfollow(request().addArguments(other)));
    }

    CompletableFuture<ListReply> list() {
        return connection.call(Envelope.newBuilder().setList(request())).thenApply(Envelope::getListReply);
    }

    /** Opens the timeline stream; every post pushed later is handed to {@code onPost} on an I/O thread. */
    CompletableFuture<TimelineOpened> openTimeline(Consumer<Message> onPost) {
        return connection.openStream(Envelope.newBuilder().setTimeline(request()),
                push -> {
                    if (push.getBodyCase() == Envelope.BodyCase.TIMELINE_POST) {
                        onPost.accept(push.getTimelinePost());
                    }
                })
                .thenApply(Envelope::getTimelineOpened);
    }

    CompletableFuture<Envelope> post(String text) {
        return connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setUsername(username).setMsg(text)));
    }

    private Request.Builder request() {
        return Request.newBuilder().setUsername(username);
    }

    @Override
    public void close() {
        connection.close();
    }
}
