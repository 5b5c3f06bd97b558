package tinysns.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tinysns.rpc.Ports;

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
            Integer port = PortConverter.parse(value);
            if (port != null && Ports.isListenPort(port)) {
                return new HttpPort(port);
            }
            throw new TypeConversionException(Ports.notAListenPort(value) + ", nor off");
        }
    }
}
