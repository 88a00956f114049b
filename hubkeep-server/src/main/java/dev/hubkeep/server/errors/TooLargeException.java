package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The request body is larger than this endpoint accepts (413). */
public final class TooLargeException extends HubException {

    private static final long serialVersionUID = 1L;

    public TooLargeException(String message) {
        super(message, null);
    }

    public TooLargeException(String message, ErrorCode code) {
        super(message, code);
    }
}
