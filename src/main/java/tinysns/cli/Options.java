package tinysns.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import tinysns.auth.SecretSource;
import tinysns.auth.SharedSecret;
import tinysns.coordination.Coordinators;

/** Flag checks shared by the role commands; each failure is a usage error (exit 2) naming the flag. */
public final class Options {

    private Options() {
    }

    public static void requireRange(CommandSpec spec, int value, int min, int max, String flag, String what) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), flag + " must be " + what + ", got " + value);
        }
    }

    /** The registration secret of {@code --secret-file}, else of the environment; a usable secret or a usage error. */
    public static SharedSecret secret(CommandSpec spec, Path secretFile) {
        try {
            return SecretSource.load(secretFile, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --coordinators host:port,...}, parsed, or a usage error naming the bad entry. */
    public static Coordinators coordinators(CommandSpec spec, String list) {
        try {
            return Coordinators.parse(list, "--coordinators");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --coordinators} when given (else null), otherwise the single coordinator at {@code host:port}. */
    public static Coordinators coordinators(CommandSpec spec, String list, String host, int port) {
        return list == null ? Coordinators.of(host, port) : coordinators(spec, list);
    }

    /**
     * Seconds given with decimals, to the nanosecond (rounded half up).
     *
     * @throws IllegalArgumentException naming {@code flag} when it does not fit a Duration
     */
    public static Duration seconds(BigDecimal seconds, String flag) {
        try {
            return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(flag + " is out of range");
        }
    }
}
