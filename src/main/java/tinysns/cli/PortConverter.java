package tinysns.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tinysns.rpc.Ports;

/** picocli converters for port flags, so a bad port is refused once, while parsing, with {@link Ports}' message. */
final class PortConverter {

    private PortConverter() {
    }

    /** A port to connect to: 1-65535. */
    static final class Connect implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Integer port = parse(value);
            if (port == null || !Ports.isPort(port)) {
                throw new TypeConversionException(Ports.notAPort(value));
            }
            return port;
        }
    }

    /** A port to listen on: 0-65535, 0 picking a free one. */
    static final class Listen implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Integer port = parse(value);
            if (port == null || !Ports.isListenPort(port)) {
                throw new TypeConversionException(Ports.notAListenPort(value));
            }
            return port;
        }
    }

    static Integer parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
