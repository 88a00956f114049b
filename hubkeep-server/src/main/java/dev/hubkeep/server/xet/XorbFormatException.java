package dev.hubkeep.server.xet;

/** A xorb that does not follow the format, or does not hash to what it claims: the message says what and where. */
public final class XorbFormatException extends XetFormatException {

    private static final long serialVersionUID = 1L;

    public XorbFormatException(String message) {
        super(message);
    }

    public XorbFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
