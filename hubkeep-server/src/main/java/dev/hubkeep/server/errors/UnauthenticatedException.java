package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** No valid credentials for something that needs them, or bad credentials (401). */
public final class UnauthenticatedException extends HubException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(message, null);
    }

    public UnauthenticatedException(String message, ErrorCode code) {
        super(message, code);
    }
}
