package dev.hubkeep.server.errors;

import dev.hubkeep.protocol.ErrorCode;

/** The request is malformed or a value is not acceptable (400). */
public final class InvalidInputException extends HubException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message, null);
    }

    public InvalidInputException(String message, ErrorCode code) {
        super(message, code);
    }

    /** A refusal whose body lists each problem, as {@code errors: [{message}]} (the Hub's validate-yaml shape). */
    public static InvalidInputException withErrors(String message, java.util.List<String> problems) {
        return new InvalidInputException(message, java.util.Map.of(
                "errors", problems.stream().map(p -> java.util.Map.of("message", p)).toList()));
    }

    private InvalidInputException(String message, java.util.Map<String, ?> extraFields) {
        super(message, null, extraFields);
    }
}
