package tinysns.bench.harness;

import java.io.IOException;
import java.net.ServerSocket;

/** Prints a port nobody listens on now, for a script that must tell a process its port before it starts. */
public final class FreePort {

    private FreePort() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(next());
    }

    public static int next() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
