package dev.hubkeep.server.xet;

/**
 * Bytes or text that a client sent in one of Xet's formats and that do not follow it. The message
 * says what was wrong and where, so it can go back to the client as it is.
 */
public class XetFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public XetFormatException(String message) {
        this(message, null);
    }

    public XetFormatException(String message, Throwable cause) {
        // No stack trace: bad input is an expected outcome, and the message is what matters.
        super(message, cause, false, false);
    }
}
