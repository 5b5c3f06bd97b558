package tinysns.server;

import tinysns.protocol.proto.Message;

/**
 * One stored post.
 *
 * @param seq         its place in storage order, across all users (the order of {@code posts.txt})
 * @param epochSecond when the server stored it, in whole seconds (the resolution of the file format)
 */
record Post(long seq, int author, long epochSecond, String text) {

    Message toMessage() {
        return Message.newBuilder()
                .setUsername(Integer.toString(author))
                .setMsg(text)
                .setTimestampMillis(epochSecond * 1000)
                .build();
    }
}
