package dev.hubkeep.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The bearer secret a Prometheus scraper presents for {@code /metrics}. Per-route counts show when
 * accounts are active, so the scrape is not public: the secret lives in a file of the data
 * directory (made on first start, readable by the hub's user only) that the scraper's
 * {@code credentials_file} points at. It is not a hub token and opens nothing else.
 */
public final class ScrapeSecret {

    private final byte[] secret;

    private ScrapeSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.US_ASCII);
    }

    public static ScrapeSecret loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (value.length() < 32) {
                throw new IllegalStateException("The metrics scrape secret in " + file + " is shorter than 32 characters.");
            }
            return new ScrapeSecret(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the metrics scrape secret " + file, e);
        }
    }

    /** Whether {@code Authorization: Bearer <secret>} was sent (compared in constant time). */
    public boolean admits(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.get().substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, secret);
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        Path temp = Files.createTempFile(file.getParent(), ".metrics-token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var channel = Files.newByteChannel(temp, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)));
            ((java.nio.channels.FileChannel) channel).force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.deleteIfExists(temp);
        }
    }
}
