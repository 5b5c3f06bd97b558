package tinysns.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the coordinator and the servers read the registration secret: {@code --secret-file <path>}, else the
 * environment variable {@value #ENVIRONMENT_VARIABLE}, else none. Surrounding whitespace (a file's final newline)
 * is not part of the secret. Errors name the file or the variable, never what is in them.
 */
public final class SecretSource {

    public static final String ENVIRONMENT_VARIABLE = "TINYSNS_SECRET";
    /** A secret file is a few bytes; a bigger one is almost certainly the wrong file. */
    static final int MAX_SECRET_BYTES = 4096;

    private SecretSource() {
    }

    /**
     * @param file        the {@code --secret-file} flag, or null when it was not given
     * @param environment the process environment ({@code System.getenv()})
     * @throws IllegalArgumentException with a message naming the flag or variable, when the secret is unusable
     */
    public static SharedSecret load(Path file, Map<String, String> environment) {
        if (file != null) {
            return fromFile(file);
        }
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null) {
            return SharedSecret.NONE;
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is set but empty: unset it, or give it a secret");
        }
        return SharedSecret.of(trimmed);
    }

    private static SharedSecret fromFile(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SECRET_BYTES) {
                throw new IllegalArgumentException("--secret-file " + file + " is over " + MAX_SECRET_BYTES
                        + " bytes: is it the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--secret-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        String trimmed = new String(bytes, StandardCharsets.UTF_8).strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("--secret-file " + file + " is empty");
        }
        return SharedSecret.of(trimmed);
    }
}
