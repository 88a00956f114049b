package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The caller is known and may see the thing, but lacks the right to do this (403). */
public final class ForbiddenException extends HubException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message, null);
    }

    public ForbiddenException(String message, ErrorCode code) {
        super(message, code);
    }
}
