package tinysns.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the registration secret comes from, and that it never shows. */
class SecretSourceTest {

    @TempDir
    Path dir;

    @Test
    void theSecretFileWinsOverTheEnvironmentAndItsFinalNewlineIsNotPartOfIt() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret-from-file\n");
        SharedSecret secret = SecretSource.load(file, Map.of(SecretSource.ENVIRONMENT_VARIABLE, "from-env"));
        assertTrue(secret.admits(ByteString.copyFromUtf8("s3cret-from-file")));
        assertFalse(secret.admits(ByteString.copyFromUtf8("from-env")));
        assertFalse(secret.admits(ByteString.copyFromUtf8("s3cret-from-file\n")));
    }

    @Test
    void theEnvironmentVariableIsUsedWithoutAFileAndNothingAtAllMeansNoSecret() {
        SharedSecret secret = SecretSource.load(null, Map.of(SecretSource.ENVIRONMENT_VARIABLE, "from-env"));
        assertTrue(secret.isRequired());
        assertTrue(secret.admits(ByteString.copyFromUtf8("from-env")));
        assertSame(SharedSecret.NONE, SecretSource.load(null, Map.of()));
        assertTrue(SharedSecret.NONE.admits(ByteString.EMPTY), "no secret: every heartbeat is admitted");
    }

    @Test
    void anEmptyMissingOrHugeSecretFileIsAnErrorNamingTheFileButNotItsContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretSource.load(empty, Map.of()))
                .getMessage().contains("--secret-file " + empty + " is empty"));
        Path missing = dir.resolve("missing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecretSource.load(missing, Map.of()))
                .getMessage().contains("--secret-file " + missing + " cannot be read"));
        Path huge = Files.writeString(dir.resolve("huge"), "topsecret".repeat(1000));
        String message = assertThrows(IllegalArgumentException.class, () -> SecretSource.load(huge, Map.of())).getMessage();
        assertTrue(message.contains("over " + SecretSource.MAX_SECRET_BYTES + " bytes"), message);
        assertFalse(message.contains("topsecret"), message);
        String blank = assertThrows(IllegalArgumentException.class,
                () -> SecretSource.load(null, Map.of(SecretSource.ENVIRONMENT_VARIABLE, "  "))).getMessage();
        assertTrue(blank.contains(SecretSource.ENVIRONMENT_VARIABLE), blank);
    }

    @Test
    void aSecretNeverShowsInItsTextAndAnyOtherBytesAreRefused() {
        SharedSecret secret = SharedSecret.of("hunter2");
        assertEquals("SharedSecret[set]", secret.toString());
        assertFalse(secret.admits(ByteString.EMPTY));
        assertFalse(secret.admits(ByteString.copyFromUtf8("hunter")));
        assertFalse(secret.admits(ByteString.copyFromUtf8("hunter22")));
        assertTrue(secret.admits(ByteString.copyFromUtf8("hunter2")));
        assertEquals(ByteString.copyFromUtf8("hunter2"), secret.toByteString());
    }
}
