package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The request is malformed or a value is not acceptable (400). */
public final class InvalidInputException extends HubException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null);
    }

    public InvalidInputException(String message, ErrorCode code) {
        super(message, code);
    }
}
