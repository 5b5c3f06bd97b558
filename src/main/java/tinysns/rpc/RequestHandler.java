package tinysns.rpc;

import tinysns.protocol.proto.Envelope;

/**
 * Serves one kind of request. It runs on the connection's I/O thread: anything slow (disk, locks held long) must be
 * handed to an executor of its own, which then answers through the context.
 */
@FunctionalInterface
public interface RequestHandler {

    void handle(Envelope request, RequestContext context) throws Exception;
}
