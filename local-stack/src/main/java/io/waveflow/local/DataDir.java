package io.waveflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The local stack's data directory. A marker file identifies it, so {@code --fresh} deletes only
 * a directory the local stack created, never a mistyped {@code --data-dir} full of other files.
 */
final class DataDir {

    static final String MARKER = ".waveflow-local";

    private DataDir() {
    }

    /** Creates the directory (and its marker) unless it exists; refuses a non-empty foreign directory. */
    static void prepare(Path dir) {
        try {
            if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER)) && !isEmpty(dir)) {
                throw new LocalStackException(dir + " is not empty and was not created by the local stack;"
                        + " choose another --data-dir");
            }
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(MARKER))) {
                Files.writeString(dir.resolve(MARKER),
                        "Data of the Waveflow local stack (Kafka, PostgreSQL, Streams state, logs).\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** Deletes the directory for {@code --fresh}; a missing directory is fine. */
    static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            if (!Files.exists(dir.resolve(MARKER)) && !isEmpty(dir)) {
                throw new LocalStackException("refusing to delete " + dir + ": it has no " + MARKER
                        + " marker, so the local stack did not create it");
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the data directory " + dir, e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
