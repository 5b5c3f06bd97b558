package tinysns.e2e;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcConnection;

/**
 * One user's stream of posts, follows and unfollows, pipelined over one connection, remembering what was sent and
 * what the server acknowledged. Every change is unique (a post's text; a follow of a user never followed before;
 * an unfollow of a user whose follow was acknowledged), so a change found on disk names exactly one request.
 * Lives across server restarts: {@link #run} starts a new burst on a new connection.
 */
final class ClientBurst {

    private static final int IN_FLIGHT = 8;

    private final int user;
    private final Random random;
    private final Deque<Integer> neverFollowed;
    private final List<Integer> followAcknowledged = new ArrayList<>();
    // Guarded by this.
    private final List<String> sentPosts = new ArrayList<>();
    private final Set<String> acknowledgedPosts = new HashSet<>();
    private final List<String> sentChanges = new ArrayList<>();
    private final Set<String> acknowledgedChanges = new HashSet<>();
    private final List<Throwable> unexpected = new ArrayList<>();
    private int round;
    private int serial;

    ClientBurst(int user, List<Integer> targets, long seed) {
        this.user = user;
        this.random = new Random(seed);
        this.neverFollowed = new ArrayDeque<>(targets);
    }

    int user() {
        return user;
    }

    /**
     * Sends requests on {@code connection}, {@value #IN_FLIGHT} at a time, until it closes; counts each
     * acknowledgement in {@code acknowledged}. Returns at once.
     */
    synchronized void run(RpcConnection connection, int roundNumber, AtomicInteger acknowledged) {
        round = roundNumber;
        for (int i = 0; i < IN_FLIGHT; i++) {
            sendNext(connection, acknowledged);
        }
    }

    private synchronized void sendNext(RpcConnection connection, AtomicInteger acknowledged) {
        if (!connection.isOpen()) {
            return;
        }
        int pick = random.nextInt(10);
        CompletableFuture<Envelope> reply;
        Runnable onAck;
        if (pick == 0 && !followAcknowledged.isEmpty()) {
            int target = followAcknowledged.remove(random.nextInt(followAcknowledged.size()));
            String change = user + " unfollows " + target;
            sentChanges.add(change);
            reply = connection.call(Envelope.newBuilder().setUnfollow(argument(target)));
            onAck = () -> acknowledgedChanges.add(change);
        } else if (pick <= 2 && !neverFollowed.isEmpty()) {
            int target = neverFollowed.poll();
            String change = user + " follows " + target;
            sentChanges.add(change);
            reply = connection.call(Envelope.newBuilder().setFollow(argument(target)));
            onAck = () -> {
                acknowledgedChanges.add(change);
                followAcknowledged.add(target);
            };
        } else {
            String text = "user " + user + " round " + round + " post " + serial++;
            sentPosts.add(text);
            reply = connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text)));
            onAck = () -> acknowledgedPosts.add(text);
        }
        reply.whenComplete((ok, failure) -> {
            if (failure == null) {
                synchronized (this) {
                    onAck.run();
                }
                acknowledged.incrementAndGet();
                sendNext(connection, acknowledged);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof RemoteErrorException) {
                    synchronized (this) {
                        unexpected.add(cause); // every request is valid: only a lost connection may fail one
                    }
                }
            }
        });
    }

    private static Request.Builder argument(int target) {
        return Request.newBuilder().addArguments(Integer.toString(target));
    }

    synchronized List<Throwable> unexpectedFailures() {
        return List.copyOf(unexpected);
    }

    synchronized int acknowledgedCount() {
        return acknowledgedPosts.size() + acknowledgedChanges.size();
    }

    /** Fails unless {@code storedPosts} (this user's, in file order) holds every acknowledged post, in the order sent. */
    synchronized void checkPosts(List<String> storedPosts) {
        check("post", storedPosts, sentPosts, acknowledgedPosts);
    }

    /** The same for follow changes ({@code "3 follows 5"}, {@code "3 unfollows 5"}) stored for this user. */
    synchronized void checkChanges(List<String> storedChanges) {
        check("follow change", storedChanges, sentChanges, acknowledgedChanges);
    }

    /**
     * What is stored must be requests this user sent, in the order sent (a subsequence of them: a change that was
     * written but not acknowledged before the crash may or may not be there), and must include every acknowledged one.
     */
    private void check(String what, List<String> stored, List<String> sent, Set<String> acknowledged) {
        int next = 0;
        Set<String> found = new HashSet<>();
        for (String item : stored) {
            while (next < sent.size() && !sent.get(next).equals(item)) {
                if (acknowledged.contains(sent.get(next))) {
                    throw new AssertionError("user " + user + ": the acknowledged " + what + " '" + sent.get(next)
                            + "' is missing before '" + item + "'");
                }
                next++;
            }
            if (next == sent.size()) {
                throw new AssertionError("user " + user + ": the stored " + what + " '" + item
                        + "' was never sent, is duplicated, or is out of order");
            }
            found.add(item);
            next++;
        }
        for (String item : acknowledged) {
            if (!found.contains(item)) {
                throw new AssertionError("user " + user + ": the acknowledged " + what + " '" + item + "' is lost");
            }
        }
    }
}
