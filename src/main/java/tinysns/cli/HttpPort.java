package tinysns.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value of an {@code --http-port} flag: a port (0 picks a free one), or {@code off}. */
record HttpPort(int port) {

    static final HttpPort OFF = new HttpPort(-1);

    boolean isOff() {
        return port < 0;
    }

    /** For picocli: {@code off} (any case) or 0-65535. */
    static final class Converter implements ITypeConverter<HttpPort> {
        @Override
        public HttpPort convert(String value) {
            if (value.equalsIgnoreCase("off")) {
                return OFF;
            }
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return new HttpPort(port);
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a port 0-65535, nor off");
        }
    }
}
