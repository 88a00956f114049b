package dev.hubkeep.server.errors;

import java.time.Duration;
import java.util.Map;

/** Too many attempts; the caller may try again after {@link #retryAfter()} (429). */
public final class RateLimitedException extends HubException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter;
    }

    /** With further fields beside {@code error} in the JSON body (a rate limit's bucket, quota and reset). */
    public RateLimitedException(String message, Duration retryAfter, Map<String, ?> extraFields) {
        super(message, null, extraFields);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} wants them. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
