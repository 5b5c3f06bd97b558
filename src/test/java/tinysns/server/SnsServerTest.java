package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.testing.PatientRpc.PATIENT;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.rpc.PortInUseException;
import tinysns.rpc.RpcClient;
import tinysns.testing.NoLeaks;
import tinysns.testing.PatientRpc;

/** Starting and stopping the in-process server. */
@ExtendWith(NoLeaks.class)
class SnsServerTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PatientRpc rpc = new PatientRpc();
    private final RpcClient client = rpc.client();

    @Test
    void aTakenPortIsReportedAsPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            PortInUseException failure = assertThrows(PortInUseException.class,
                    () -> SnsServer.start(SnsServerOptions.forTests(dir).withPort(taken.getLocalPort())));
            assertTrue(failure.getMessage().contains("port " + taken.getLocalPort()), failure.getMessage());
        }
        // The failed start released the directory.
        SnsServer.start(SnsServerOptions.forTests(dir)).close();
    }

    @Test
    void closingAnswersTheRequestsAlreadyReceivedAndEveryConfirmedPostIsOnDisk() throws Exception {
        SnsServer server = SnsServer.start(SnsServerOptions.forTests(dir));
        SnsConnection author = SnsConnection.loggedIn(client, server.port(), 1);
        List<CompletableFuture<Envelope>> posts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            posts.add(author.post("post " + i));
        }
        await().atMost(PATIENT).until(() -> posts.get(0).isDone());
        server.close();
        int confirmed = 0;
        String stored = Files.readString(dir.resolve(SnsFiles.POSTS));
        for (int i = 0; i < posts.size(); i++) {
            boolean ok = posts.get(i).handle((reply, failure) -> failure == null).join();
            if (ok) {
                confirmed++;
                assertTrue(stored.contains("\nW post " + i + "\n\n"), "confirmed post " + i + " is stored");
            }
        }
        assertTrue(confirmed >= 1);
        assertEquals(confirmed, stored.split("\n\n").length, "nothing stored that was not confirmed, or the reverse");
        author.close();
    }
}
