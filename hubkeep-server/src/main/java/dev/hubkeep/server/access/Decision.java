package dev.hubkeep.server.access;

import dev.hubkeep.protocol.ErrorCode;
import java.util.Optional;

/** The answer of {@link Access#decide}: allowed, or refused with the status and message to show. */
public sealed interface Decision {

    record Allow() implements Decision {}

    record Deny(int status, Optional<ErrorCode> code, String message) implements Decision {}

    Allow ALLOW = new Allow();

    static Deny deny(int status, String message) {
        return new Deny(status, Optional.empty(), message);
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
