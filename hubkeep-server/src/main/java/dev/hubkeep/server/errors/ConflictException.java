package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The request clashes with what exists, such as a taken name (409). */
public final class ConflictException extends HubException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message, null);
    }

    public ConflictException(String message, ErrorCode code) {
        super(message, code);
    }
}
