package tinysns.server;

import java.io.IOException;

/**
 * A commit whose batch must not be acknowledged, though the disk is fine (a slave proved this server is no longer
 * master): the batch's requests are refused with this message, and the commit loop carries on.
 */
final class BatchRefusedException extends IOException {

    BatchRefusedException(String message) {
        super(message);
    }
}
