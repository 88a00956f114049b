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

    /** A conflict with an existing resource, whose URL the body carries (as the Hub's 409 on repo create does). */
    public static ConflictException withUrl(String message, String url) {
        return new ConflictException(message, java.util.Map.of("url", url));
    }

    private ConflictException(String message, java.util.Map<String, ?> extraFields) {
        super(message, null, extraFields);
    }
}
