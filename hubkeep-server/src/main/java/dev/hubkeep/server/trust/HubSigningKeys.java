package dev.hubkeep.server.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.errors.ConflictException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.util.encoders.Hex;
import org.eclipse.jgit.lib.CommitBuilder;

/**
 * The hub's signing keys: the current one, which signs every commit the hub makes, and the ones it
 * replaced, kept (public halves only) so the commits they signed stay verified. Two files under
 * {@code <data>/secrets/}: {@code commit-signing-key} (the current key, secret) and
 * {@code commit-signing-keys-retired.json} (the retired public keys with when each was retired).
 *
 * <p>{@link #rotate} may run in another process (the admin command) while servers run on the same
 * data: each server notices the current key's file changed (one {@code stat} per use) and reads both
 * files again, so the new key signs the next commit without a restart. A rotation writes the retired
 * list first and then swaps the current key in, each file whole (temporary file, fsync, rename): a
 * crash between the two leaves the old key current and listed as retired, which reading ignores.
 */
public final class HubSigningKeys {

    /** Retired keys kept; rotating past this many is refused (each is needed to verify its commits). */
    static final int MAX_RETIRED = 100;

    static final String CURRENT_FILE = "commit-signing-key";
    static final String RETIRED_FILE = "commit-signing-keys-retired.json";

    /** A key as the hub publishes it: valid for signatures made from {@code createdAt} until {@code retiredAt}. */
    public record Published(String keyId, String fingerprint, Instant createdAt, Optional<Instant> retiredAt,
            String publicKey) {}

    /** One of the hub's keys, for checking a signature it made. */
    record Known(PGPPublicKey publicKey, Optional<Instant> retiredAt) {}

    private record Retired(PGPPublicKey publicKey, Instant retiredAt) {}

    private record Stamp(Object fileKey, long modified, long size) {}

    private record State(Stamp stamp, ServerSigningKey current, List<Retired> retired) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path secrets;
    private final String userId;
    private final Clock clock;
    private volatile State state;

    private HubSigningKeys(Path secrets, String userId, Clock clock) {
        this.secrets = secrets;
        this.userId = userId;
        this.clock = clock;
    }

    /** The keys under {@code secrets}, making the first one (written whole, mode 0600) if there is none. */
    public static HubSigningKeys loadOrCreate(Path secrets, String userId, Clock clock) {
        HubSigningKeys keys = new HubSigningKeys(secrets, userId, clock);
        ServerSigningKey.loadOrCreate(secrets.resolve(CURRENT_FILE), userId, clock);
        keys.state();
        return keys;
    }

    /** The key that signs new commits. */
    public ServerSigningKey current() {
        return state().current();
    }

    /** Signs a commit about to be written with the current key. */
    public void sign(CommitBuilder commit) {
        current().sign(commit);
    }

    /** The current key, then the retired ones, newest first. */
    public List<Published> published() {
        State now = state();
        List<Published> all = new ArrayList<>();
        all.add(new Published(now.current().keyId(), now.current().fingerprint(), now.current().createdAt(), Optional.empty(),
                now.current().publicKeyArmored()));
        for (Retired retired : now.retired().reversed()) {
            all.add(new Published(OpenPgpKey.keyIdOf(retired.publicKey()), fingerprintOf(retired.publicKey()),
                    retired.publicKey().getCreationTime().toInstant(), Optional.of(retired.retiredAt()),
                    armored(List.of(retired.publicKey()))));
        }
        return all;
    }

    /** Every key, current and retired, in one armored block, for {@code gpg --import}. */
    public String armoredKeys() {
        State now = state();
        List<PGPPublicKey> keys = new ArrayList<>();
        keys.add(now.current().publicKey());
        now.retired().reversed().forEach(retired -> keys.add(retired.publicKey()));
        return armored(keys);
    }

    /** The hub key with this long id, current or retired. */
    Optional<Known> find(String keyId) {
        State now = state();
        if (now.current().keyId().equals(keyId)) {
            return Optional.of(new Known(now.current().publicKey(), Optional.empty()));
        }
        return now.retired().stream()
                .filter(retired -> OpenPgpKey.keyIdOf(retired.publicKey()).equals(keyId))
                .findFirst()
                .map(retired -> new Known(retired.publicKey(), Optional.of(retired.retiredAt())));
    }

    /**
     * Makes a new current key and retires the old one (its public half kept, with the time). Runs
     * under a lock file, so two rotations at once do not lose a key.
     */
    public Published rotate() {
        try {
            Files.createDirectories(secrets);
            try (FileChannel lockFile = FileChannel.open(secrets.resolve(".commit-signing-key.lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                State before = read();
                if (before.retired().size() >= MAX_RETIRED) {
                    throw new ConflictException("The hub already keeps " + MAX_RETIRED + " retired signing keys, the most it"
                            + " keeps; a new one would drop a key old commits are verified with.");
                }
                List<Retired> retired = new ArrayList<>(before.retired());
                retired.add(new Retired(before.current().publicKey(), clock.instant()));
                writeReplacing(secrets.resolve(RETIRED_FILE), retiredJson(retired));
                writeReplacing(secrets.resolve(CURRENT_FILE), ServerSigningKey.generate(userId, clock));
            }
            return published().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rotate the commit signing key in " + secrets, e);
        }
    }

    private State state() {
        State now = state;
        Stamp stamp = stamp(secrets.resolve(CURRENT_FILE));
        if (now == null || !now.stamp().equals(stamp)) {
            now = read();
            state = now;
        }
        return now;
    }

    private State read() {
        Path currentFile = secrets.resolve(CURRENT_FILE);
        try {
            Stamp stamp = stamp(currentFile);
            ServerSigningKey current = ServerSigningKey.read(Files.readAllBytes(currentFile), clock);
            List<Retired> retired = readRetired(secrets.resolve(RETIRED_FILE)).stream()
                    // a rotation that stopped between its two writes lists the still-current key: it is not retired
                    .filter(key -> !OpenPgpKey.keyIdOf(key.publicKey()).equals(current.keyId()))
                    .toList();
            return new State(stamp, current, retired);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the commit signing keys in " + secrets, e);
        }
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(Objects.requireNonNullElse(attributes.fileKey(), ""), attributes.lastModifiedTime().toMillis(),
                    attributes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the commit signing key " + file, e);
        }
    }

    private static List<Retired> readRetired(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Retired> retired = new ArrayList<>();
        for (JsonNode entry : JSON.readTree(content).path("retired")) {
            retired.add(new Retired(readPublic(entry.path("publicKey").asText()), Instant.parse(entry.path("retiredAt").asText())));
        }
        return retired;
    }

    private static byte[] retiredJson(List<Retired> retired) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("retired");
        for (Retired key : retired) {
            list.addObject()
                    .put("keyId", OpenPgpKey.keyIdOf(key.publicKey()))
                    .put("retiredAt", key.retiredAt().toString())
                    .put("publicKey", armored(List.of(key.publicKey())));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static PGPPublicKey readPublic(String armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            return new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator()).getPublicKey();
        }
    }

    private static String armored(List<PGPPublicKey> keys) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(bytes)) {
            for (PGPPublicKey key : keys) {
                key.encode(armor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static String fingerprintOf(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    /** Replaces {@code file} whole: a temporary file (mode 0600), fsynced, renamed over it, the folder fsynced. */
    private static void writeReplacing(Path file, byte[] content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
