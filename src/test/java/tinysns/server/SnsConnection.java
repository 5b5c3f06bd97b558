package tinysns.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/** One client connection to an SNS server, with the requests spelled out, for tests. */
final class SnsConnection implements AutoCloseable {

    final RpcConnection rpc;

    private SnsConnection(RpcConnection rpc) {
        this.rpc = rpc;
    }

    static SnsConnection open(RpcClient client, int port) {
        return new SnsConnection(client.connect("127.0.0.1", port).join());
    }

    static SnsConnection loggedIn(RpcClient client, int port, int user) {
        SnsConnection connection = open(client, port);
        connection.login(user).join();
        return connection;
    }

    CompletableFuture<Envelope> login(int user) {
        return login(Integer.toString(user));
    }

    CompletableFuture<Envelope> login(String username) {
        return rpc.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(username)));
    }

    CompletableFuture<Envelope> follow(String... arguments) {
        return rpc.call(Envelope.newBuilder().setFollow(Request.newBuilder().addAllArguments(java.util.List.of(arguments))));
    }

    CompletableFuture<Envelope> follow(int user) {
        return follow(Integer.toString(user));
    }

    CompletableFuture<Envelope> unfollow(String... arguments) {
        return rpc.call(Envelope.newBuilder().setUnfollow(Request.newBuilder().addAllArguments(java.util.List.of(arguments))));
    }

    CompletableFuture<Envelope> unfollow(int user) {
        return unfollow(Integer.toString(user));
    }

    CompletableFuture<Envelope> list() {
        return rpc.call(Envelope.newBuilder().setList(Request.getDefaultInstance()));
    }

    CompletableFuture<Envelope> timeline(Consumer<Envelope> onPush) {
        return rpc.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()), onPush);
    }

    CompletableFuture<Envelope> post(String text) {
        return rpc.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text)));
    }

    /** The error code a request failed with; fails the test when it succeeded or failed otherwise. */
    static ErrorCode errorOf(CompletableFuture<Envelope> reply) {
        try {
            Envelope envelope = reply.join();
            throw new AssertionError("expected an error reply, got " + envelope);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RemoteErrorException remote) {
                return remote.code();
            }
            throw new AssertionError("expected an error reply, got " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        rpc.close();
        rpc.closeFuture().join();
    }
}
