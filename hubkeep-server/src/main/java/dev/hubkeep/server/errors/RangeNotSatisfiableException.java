package dev.hubkeep.server.errors;

/** A {@code Range} that starts past the end of the file (416); the answer names the file's size. */
public final class RangeNotSatisfiableException extends HubException {

    private static final long serialVersionUID = 1L;

    private final long size;

    public RangeNotSatisfiableException(long size) {
        super("The requested range is outside the file's " + size + " bytes.", null);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
