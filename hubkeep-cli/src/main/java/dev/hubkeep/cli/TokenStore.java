package dev.hubkeep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The token file shared with the Hub's own clients: the token alone in {@code $HF_HOME/token},
 * and beside it {@code stored_tokens}, an INI file with one {@code [name]} section per saved token
 * ({@code hf_token = …}). Files are written whole (temporary file, fsync, rename), readable only by
 * their owner.
 */
public final class TokenStore {

    private TokenStore() {}

    public static Optional<String> read(Path tokenFile) {
        if (!Files.isRegularFile(tokenFile)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + tokenFile, e);
        }
    }

    /** Saves {@code token} as the active one, and under {@code name} in {@code stored_tokens}. */
    public static void save(Path tokenFile, String token, String name) {
        writePrivately(tokenFile, token);
        Path stored = tokenFile.resolveSibling("stored_tokens");
        List<String> kept = new ArrayList<>();
        if (Files.isRegularFile(stored)) {
            try {
                boolean skipping = false;
                for (String line : Files.readAllLines(stored, StandardCharsets.UTF_8)) {
                    if (line.strip().startsWith("[")) {
                        skipping = line.strip().equals("[" + name + "]");
                    }
                    if (!skipping) {
                        kept.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + stored, e);
            }
        }
        while (!kept.isEmpty() && kept.getLast().isBlank()) {
            kept.removeLast();
        }
        if (!kept.isEmpty()) {
            kept.add("");
        }
        kept.add("[" + name + "]");
        kept.add("hf_token = " + token);
        writePrivately(stored, String.join("\n", kept) + "\n");
    }

    /** Forgets the active token; true if there was one. */
    public static boolean remove(Path tokenFile) {
        try {
            return Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + tokenFile, e);
        }
    }

    private static void writePrivately(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(StandardCharsets.UTF_8.encode(content));
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
