package dev.hubkeep.cli;

import java.util.Optional;

/** The hub refused a request, or could not be reached; {@code status} is 0 when there was no answer. */
public final class HubClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<String> errorCode;
    private final transient Optional<Long> retryAfterSeconds;

    public HubClientException(int status, String message, Optional<String> errorCode, Optional<Long> retryAfterSeconds) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The Hub's {@code X-Error-Code}, such as {@code RepoNotFound} or {@code GatedRepo}. */
    public Optional<String> errorCode() {
        return errorCode;
    }

    public Optional<Long> retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
