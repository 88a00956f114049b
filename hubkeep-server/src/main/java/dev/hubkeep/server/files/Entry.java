package dev.hubkeep.server.files;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A file or folder of a repository at one commit, as the tree and paths-info endpoints show it.
 * For a file stored in LFS, {@code size} is the object's size and {@code lfs} names it; the blob
 * git holds is then the pointer, {@code blobSize} bytes long.
 */
public record Entry(Kind kind, String path, ObjectId oid, long size, long blobSize, Optional<LfsPointer> lfs) {

    public enum Kind {
        FILE,
        DIRECTORY
    }

    public boolean isFile() {
        return kind == Kind.FILE;
    }

    /** What the Hub calls a file's identity: the LFS sha256, else the git blob sha1. */
    public String etag() {
        return lfs.map(LfsPointer::oid).orElseGet(oid::getName);
    }
}
