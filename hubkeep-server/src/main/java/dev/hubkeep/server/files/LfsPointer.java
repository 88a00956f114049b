package dev.hubkeep.server.files;

import dev.hubkeep.server.git.LfsStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The small text file git keeps in place of an LFS object: spec version, sha256 oid and size.
 * Its exact bytes matter (every git-lfs client writes the same three lines), since the blob's
 * sha1 is what git compares.
 */
public record LfsPointer(String oid, long size) {

    /** Pointer files are about 130 bytes; git-lfs never reads one larger than this. */
    static final int MAX_POINTER_BYTES = 1024;

    private static final String VERSION = "version https://git-lfs.github.com/spec/v1";

    public byte[] bytes() {
        return (VERSION + "\noid sha256:" + oid + "\nsize " + size + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The pointer a blob holds, if it is one. */
    public static Optional<LfsPointer> parse(byte[] content) {
        if (content.length > MAX_POINTER_BYTES) {
            return Optional.empty();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(VERSION + "\n")) {
            return Optional.empty();
        }
        String oid = null;
        long size = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("oid sha256:")) {
                oid = line.substring("oid sha256:".length());
            } else if (line.startsWith("size ")) {
                try {
                    size = Long.parseLong(line.substring("size ".length()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return LfsStore.isOid(oid) && size >= 0 ? Optional.of(new LfsPointer(oid, size)) : Optional.empty();
    }
}
