package tinysns.rpc;

import tinysns.protocol.UnparsedRequest;

/**
 * Serves a request from its unparsed bytes, on the connection's event loop; the request is released after it
 * returns, so read everything needed before. Declining (returning false, having sent nothing) hands the request,
 * parsed, to the ordinary {@link RequestHandler} of its body.
 */
@FunctionalInterface
public interface UnparsedHandler {

    /** @return true when the request was answered (or will be through {@code context}); false to decline */
    boolean handle(UnparsedRequest request, RequestContext context) throws Exception;
}
