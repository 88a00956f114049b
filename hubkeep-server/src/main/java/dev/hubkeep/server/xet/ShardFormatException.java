package dev.hubkeep.server.xet;

/** A shard that does not follow the format: the message says what was wrong and at which byte. */
public final class ShardFormatException extends XetFormatException {

    private static final long serialVersionUID = 1L;

    public ShardFormatException(String message) {
        super(message);
    }
}
