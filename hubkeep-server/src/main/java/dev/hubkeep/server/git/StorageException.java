package dev.hubkeep.server.git;

/** The repository storage failed (disk, permissions): a server fault, not the caller's. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
