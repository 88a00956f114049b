package dev.hubkeep.server.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The parts of multipart LFS uploads (the Hub's {@code multipart} transfer), staged under
 * {@code <data>/lfs/multipart/<upload>/} until the completion call assembles them into the object
 * store. An upload is one repository's one object cut at one part size: a client that lost its
 * connection finds the parts it already sent, while another repository never sees them (staged
 * parts prove nothing about who holds the content). Each part is written to a temporary file,
 * synced and renamed, under a name that carries its sha256, which is also its ETag.
 */
final class LfsParts {

    /** Objects up to this size go in one request; larger ones in parts of at least this size. */
    static final long MIN_PART_SIZE = 8L * 1024 * 1024;
    /** Parts grow with the object so that no upload needs more links than this. */
    static final int MAX_PARTS = 1000;
    /** Parts of an upload nobody completed are removed after this long without a new part. */
    static final Duration KEPT = Duration.ofDays(1);
    private static final long MIB = 1024 * 1024;

    /** One repository's upload of one object, cut in parts of {@code partSize} bytes. */
    record Upload(String repoId, String oid, long size, long partSize) {

        int parts() {
            return (int) ((size + partSize - 1) / partSize);
        }

        boolean hasPart(int part) {
            return part >= 1 && part <= parts();
        }

        long lengthOf(int part) {
            return part < parts() ? partSize : size - (parts() - 1) * partSize;
        }
    }

    private final Path root;
    private final LfsStore store;
    private final Clock clock;

    LfsParts(Path root, LfsStore store, Clock clock) {
        this.root = root;
        this.store = store;
        this.clock = clock;
    }

    /** Whether an object of {@code size} bytes is sent in parts when the client can. */
    static boolean splits(long size) {
        return size > MIN_PART_SIZE;
    }

    /** The part size for an object: {@link #MIN_PART_SIZE}, or whole MiB large enough to stay within {@link #MAX_PARTS}. */
    static long partSizeFor(long size) {
        long even = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(MIN_PART_SIZE, (even + MIB - 1) / MIB * MIB);
    }

    /** How many parts an object of {@code size} bytes is sent in. */
    static int partsFor(long size) {
        long partSize = partSizeFor(size);
        return (int) ((size + partSize - 1) / partSize);
    }

    /** Stores part {@code part} if it has exactly the length it must have; returns its ETag (its sha256). */
    String put(Upload upload, int part, InputStream in) throws IOException, LfsStore.MismatchException {
        Path dir = Files.createDirectories(dirOf(upload));
        Path temporary = Files.createTempFile(dir, ".incoming-", ".part");
        try {
            String etag = LfsStore.writeExactly(in, temporary, upload.lengthOf(part), "Part " + part);
            for (Path older : filesOf(dir, part)) {
                Files.deleteIfExists(older);
            }
            Files.move(temporary, dir.resolve(part + "." + etag), StandardCopyOption.ATOMIC_MOVE);
            return etag;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The ETag of a part already staged, if there is one. */
    Optional<String> etag(Upload upload, int part) throws IOException {
        Path dir = dirOf(upload);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return filesOf(dir, part).stream()
                .filter(file -> sizeOf(file) == upload.lengthOf(part))
                .map(file -> file.getFileName().toString().substring(String.valueOf(part).length() + 1))
                .findFirst();
    }

    /**
     * Assembles the object from the parts the client names (part number → ETag), which must be
     * every part, each as staged; the object is stored only if its sha256 is its oid, and what
     * comes back is the proof that it was. Each part is checked on the very file it is read from,
     * so a part replaced or removed meanwhile is a mismatch, never a half-checked success. The
     * staged parts are removed once the object is stored.
     */
    LfsStore.Stored complete(Upload upload, Map<Integer, String> etags) throws IOException, LfsStore.MismatchException {
        for (int part = 1; part <= upload.parts(); part++) {
            if (etags.get(part) == null) {
                throw new LfsStore.MismatchException("The completion must list all " + upload.parts() + " parts; part "
                        + part + " is missing.");
            }
        }
        if (etags.size() != upload.parts()) {
            throw new LfsStore.MismatchException("The completion lists parts this upload does not have (it has "
                    + upload.parts() + ").");
        }
        Path dir = dirOf(upload);
        List<InputStream> streams = new ArrayList<>();
        LfsStore.Stored stored;
        try {
            for (int part = 1; part <= upload.parts(); part++) {
                streams.add(open(dir, upload, part, etags.get(part)));
            }
            stored = store.put(upload.oid(), upload.size(), new SequenceInputStream(Collections.enumeration(streams)));
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
        try {
            deleteTree(dir);
        } catch (IOException e) {
            // Stored all the same (a racing request may be removing or adding parts): what is left
            // goes with the sweep.
        }
        return stored;
    }

    /** The staged part, open for reading, if it is there with the length it must have. */
    private static InputStream open(Path dir, Upload upload, int part, String etag) throws IOException, LfsStore.MismatchException {
        LfsStore.MismatchException notReceived = new LfsStore.MismatchException("Part " + part + " with ETag " + etag
                + " was not received; upload it (again) before completing.");
        if (!etag.matches("[0-9a-f]{64}")) {
            throw notReceived;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(part + "." + etag), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notReceived;
        }
        if (channel.size() != upload.lengthOf(part)) {
            channel.close();
            throw notReceived;
        }
        return Channels.newInputStream(channel);
    }

    /** Removes the parts of uploads that nobody has added to for {@link #KEPT}. */
    void sweep() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        long cutoff = clock.instant().minus(KEPT).toEpochMilli();
        try (Stream<Path> uploads = Files.list(root)) {
            for (Path dir : uploads.toList()) {
                if (Files.getLastModifiedTime(dir).toMillis() < cutoff) {
                    deleteTree(dir);
                }
            }
        }
    }

    private Path dirOf(Upload upload) {
        String key = upload.repoId() + "|" + upload.oid() + "|" + upload.size() + "|" + upload.partSize();
        return root.resolve(HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 40));
    }

    private static List<Path> filesOf(Path dir, int part) throws IOException {
        String prefix = part + ".";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted(Comparator.comparing(LfsParts::modified).reversed())
                    .toList();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0; // gone meanwhile: sorts last, and is skipped by its size
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
