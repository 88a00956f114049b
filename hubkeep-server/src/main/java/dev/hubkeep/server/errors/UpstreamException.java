package dev.hubkeep.server.errors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A server the hub forwards to (an inference engine) failed the request: it could not be reached or
 * answered nonsense, it is busy or still loading (the caller may retry after {@link #retryAfter()}),
 * or it did not answer in time. The message names what failed and what to do; it never holds the
 * upstream's address or credentials.
 */
public final class UpstreamException extends HubException {

    private static final long serialVersionUID = 1L;

    /** What went wrong upstream. */
    public enum Failure {
        /** Not reachable, refused the connection, broke off, or answered with an error of its own (502). */
        UNREACHABLE,
        /** Overloaded, or loading the model (503, with a retry delay). */
        UNAVAILABLE,
        /** No answer within the configured time (504). */
        TIMEOUT
    }

    private final Failure failure;
    private final transient Duration retryAfter;

    public UpstreamException(Failure failure, String message) {
        this(failure, message, null, Map.of());
    }

    /** A busy or loading upstream: the caller may retry after {@code retryAfter}; extra fields join the JSON body. */
    public UpstreamException(Failure failure, String message, Duration retryAfter, Map<String, ?> extraFields) {
        super(message, null, extraFields);
        this.failure = failure;
        this.retryAfter = retryAfter;
    }

    public Failure failure() {
        return failure;
    }

    /** How long to wait before retrying, when the upstream said or the failure implies one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
