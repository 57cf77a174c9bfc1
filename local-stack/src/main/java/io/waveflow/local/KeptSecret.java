package io.waveflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret generated on first start and kept in a file of the data directory (readable by
 * its owner only), so scripts, workers and browsers configured with it keep working across
 * restarts; {@code --fresh} makes a new one.
 */
final class KeptSecret {

    private KeptSecret() {
    }

    /** 64 hex characters (256 random bits) read from {@code file}, created there on first use. */
    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret " + file, e);
        }
    }
}
