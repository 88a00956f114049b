package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;
import java.util.Map;
import java.util.Optional;

/**
 * The closed set of failures a caller may see. Domain code throws these without knowing about
 * HTTP; the one mapping to status codes lives in {@code http.ErrorMapping}. Anything else that
 * escapes a handler is a bug and becomes a generic 500.
 */
public abstract sealed class HubException extends RuntimeException
        permits InvalidInputException,
                UnauthenticatedException,
                ForbiddenException,
                NotFoundException,
                ConflictException,
                PreconditionFailedException,
                RangeNotSatisfiableException,
                TooLargeException,
                UnsupportedMediaTypeException,
                RateLimitedException,
                UpstreamException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final transient Map<String, Object> extraFields;

    protected HubException(String message, ErrorCode code) {
        this(message, code, Map.of());
    }

    protected HubException(String message, ErrorCode code, Map<String, ?> extraFields) {
        // No stack trace: these are expected outcomes, and the message is what the user reads.
        super(message, null, false, false);
        this.code = code;
        this.extraFields = Map.<String, Object>copyOf(extraFields);
    }

    /** Fields the error body carries beside {@code error}, such as the {@code url} of a repository that exists. */
    public Map<String, Object> extraFields() {
        return extraFields;
    }

    public Optional<ErrorCode> code() {
        return Optional.ofNullable(code);
    }
}
