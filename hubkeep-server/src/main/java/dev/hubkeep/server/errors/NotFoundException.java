package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The thing does not exist, or the caller may not know that it does (404). */
public final class NotFoundException extends HubException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message, null);
    }

    public NotFoundException(String message, ErrorCode code) {
        super(message, code);
    }
}
