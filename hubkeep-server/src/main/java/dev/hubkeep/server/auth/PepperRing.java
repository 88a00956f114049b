package dev.hubkeep.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;

/**
 * The secret keys token digests are made with: {@code digest = HMAC-SHA256(pepper, token)}. They
 * live in a file outside the database (mode 0600), so a copy of the database alone cannot even
 * tell whether a leaked string is a live token. The file holds one key per line,
 * {@code <key id> <base64 key>}, the current key first; older keys stay for lookups until every
 * digest made with them has been re-made under the current one.
 */
public final class PepperRing {

    /**
     * One key, with its HMAC-SHA256 (RFC 2104) prepared: the hash states after absorbing the
     * padded key are kept, so each digest costs two SHA-256 compressions instead of the four of
     * {@link Mac#doFinal}. Thread-safe: the prepared states are only ever cloned.
     */
    public static final class Pepper {
        private static final int BLOCK = 64;
        private final String id;
        private final MessageDigest inner;
        private final MessageDigest outer;

        Pepper(String id, byte[] key) {
            if (key.length > BLOCK) {
                throw new IllegalArgumentException("a pepper is at most one SHA-256 block long");
            }
            this.id = id;
            this.inner = sha256();
            this.outer = sha256();
            for (int i = 0; i < BLOCK; i++) {
                byte k = i < key.length ? key[i] : 0;
                inner.update((byte) (k ^ 0x36));
                outer.update((byte) (k ^ 0x5c));
            }
        }

        public String id() {
            return id;
        }

        public byte[] digest(String token) {
            try {
                MessageDigest in = (MessageDigest) inner.clone();
                in.update(token.getBytes(StandardCharsets.US_ASCII));
                byte[] digest = new byte[32]; // the inner hash, then the outer one over it
                in.digest(digest, 0, digest.length);
                MessageDigest out = (MessageDigest) outer.clone();
                out.update(digest);
                out.digest(digest, 0, digest.length);
                return digest;
            } catch (CloneNotSupportedException | java.security.DigestException e) {
                throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
            }
        }

        public String hexDigest(String token) {
            return HexFormat.of().formatHex(digest(token));
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    private final List<Pepper> peppers;
    private final Path file;

    private PepperRing(List<Pepper> peppers, Path file) {
        this.peppers = List.copyOf(peppers);
        this.file = file;
    }

    /** Reads the ring from {@code file}, creating it with one fresh key if it does not exist. */
    public static PepperRing loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                writeAtomically(file, List.of(newLine()));
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException("The token pepper file " + file + " holds no key.");
            }
            return new PepperRing(lines.stream().map(PepperRing::parse).toList(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token pepper file " + file, e);
        }
    }

    /** Puts a fresh key first; the previous ones stay for lookups. Returns the new ring. */
    public PepperRing rotate() {
        try {
            List<String> lines = new ArrayList<>();
            lines.add(newLine());
            lines.addAll(Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList());
            writeAtomically(file, lines);
            return loadOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the token pepper in " + file, e);
        }
    }

    public Pepper current() {
        return peppers.get(0);
    }

    /** Every key but the current one, newest first. */
    public List<Pepper> previous() {
        return peppers.subList(1, peppers.size());
    }

    private static Pepper parse(String line) {
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalStateException("A token pepper line must be '<key id> <base64 key>'.");
        }
        byte[] key = Base64.getDecoder().decode(parts[1]);
        if (key.length < 32) {
            throw new IllegalStateException("Token pepper " + parts[0] + " is shorter than 256 bits.");
        }
        return new Pepper(parts[0], key);
    }

    private static String newLine() {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] id = new byte[4];
        random.nextBytes(id);
        return "k" + HexFormat.of().formatHex(id) + " " + Base64.getEncoder().encodeToString(key);
    }

    private static void writeAtomically(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".pepper", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
