package dev.hubkeep.server.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * LFS objects, stored once each by sha256 under {@code <data>/lfs/objects/ab/cd/<oid>}. An object
 * appears whole or not at all: it is streamed to a temporary file while its sha256 and size are
 * checked, synced, then renamed into place.
 */
public final class LfsStore {

    private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");

    /** The upload did not match what was announced; nothing was stored. */
    public static final class MismatchException extends Exception {
        private static final long serialVersionUID = 1L;

        MismatchException(String message) {
            super(message);
        }
    }

    /**
     * Proof that one call of {@link #put} received an object's bytes, checked that their sha256
     * is the oid and their length the size, and stored them. Only this links an object to a
     * repository ({@link LfsObjects#link}): an object being in the store, for whichever repository
     * sent it, proves nothing about who may read it.
     */
    public static final class Stored {
        private final String oid;
        private final long size;

        private Stored(String oid, long size) {
            this.oid = oid;
            this.size = size;
        }

        public String oid() {
            return oid;
        }

        public long size() {
            return size;
        }
    }

    private final Path root;
    private final long maxObjectSize;

    /** The store under {@code root}, taking objects of at most {@code maxObjectSize} bytes. */
    public LfsStore(Path root, long maxObjectSize) {
        this.root = root;
        this.maxObjectSize = maxObjectSize;
    }

    /** The largest object an upload may declare. */
    public long maxObjectSize() {
        return maxObjectSize;
    }

    public static boolean isOid(String oid) {
        return oid != null && OID.matcher(oid).matches();
    }

    public Path pathOf(String oid) {
        if (!isOid(oid)) {
            throw new IllegalArgumentException("not an LFS oid");
        }
        return root.resolve("objects").resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
    }

    /** Where the parts of multipart uploads wait to be assembled: beside the objects, so assembling stays on one disk. */
    Path multipartRoot() {
        return root.resolve("multipart");
    }

    /** Where uploads wait before they are stored: on the store's own disk, so storing them is cheap. */
    public Path temporaryFolder() {
        return root.resolve("tmp");
    }

    public boolean exists(String oid) {
        return Files.isRegularFile(pathOf(oid));
    }

    /** Streams {@code size} bytes from {@code in}; stores them only if their sha256 is {@code oid}. */
    public Stored put(String oid, long size, InputStream in) throws IOException, MismatchException {
        if (size > maxObjectSize) {
            throw new MismatchException("The object has " + size + " bytes; this hub takes objects of at most " + maxObjectSize + ".");
        }
        Path target = pathOf(oid);
        Path tmpDir = temporaryFolder();
        Files.createDirectories(tmpDir);
        Path temporary = Files.createTempFile(tmpDir, "upload-", ".part");
        try {
            if (!writeExactly(in, temporary, size, "The upload").equals(oid)) {
                throw new MismatchException("The upload's sha256 is not its oid " + oid + ".");
            }
            Files.createDirectories(target.getParent());
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Stored(oid, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Streams exactly {@code size} bytes from {@code in} into {@code file} and syncs it; returns
     * their sha256. Any other length is a mismatch, told in terms of {@code what} was sent.
     */
    static String writeExactly(InputStream in, Path file, long size, String what) throws IOException, MismatchException {
        MessageDigest sha256 = sha256();
        long written = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 20];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                written += n;
                if (written > size) {
                    throw new MismatchException(what + " has more than " + size + " bytes; it must have exactly " + size + ".");
                }
                sha256.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            if (written != size) {
                throw new MismatchException(what + " has " + written + " bytes; it must have " + size + ".");
            }
            out.force(true);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    public long size(String oid) throws IOException {
        return Files.size(pathOf(oid));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
