package tinysns.protocol;

/**
 * The size limits of the wire format, validated once where a process starts.
 *
 * @param maxFrameBytes the largest envelope (not counting its 4-byte length prefix) a peer may send or receive
 */
public record WireLimits(int maxFrameBytes) {

    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
    public static final WireLimits DEFAULT = new WireLimits(DEFAULT_MAX_FRAME_BYTES);

    public WireLimits {
        if (maxFrameBytes < 16 || maxFrameBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("max frame size must be between 16 bytes and 64 MiB, got " + maxFrameBytes);
        }
    }
}
