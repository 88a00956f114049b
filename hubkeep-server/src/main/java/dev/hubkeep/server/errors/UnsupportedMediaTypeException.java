package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The body is not in a format this endpoint reads (415). */
public final class UnsupportedMediaTypeException extends HubException {

    private static final long serialVersionUID = 1L;

    public UnsupportedMediaTypeException(String message) {
        super(message, null);
    }

    public UnsupportedMediaTypeException(String message, ErrorCode code) {
        super(message, code);
    }
}
