package dev.hubkeep.protocol;

/**
 * The body of every error response: {@code {"error": "<a sentence for a human>"}}. The same sentence
 * travels in the {@code X-Error-Message} header, and a Hub error code (when there is one) in
 * {@code X-Error-Code}; the Hub's clients read those headers before the body.
 */
public record ApiError(String error) {

    public static final String MESSAGE_HEADER = "X-Error-Message";
    public static final String CODE_HEADER = "X-Error-Code";
}
