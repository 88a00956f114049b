package dev.hubkeep.server.access;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.UnauthenticatedException;
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

    /** Returns when allowed, else throws the refusal as the caller should see it. */
    default void orThrow() {
        if (this instanceof Deny deny) {
            throw switch (deny.status()) {
                case 401 -> new UnauthenticatedException(deny.message(), deny.code().orElse(null));
                case 404 -> new NotFoundException(deny.message(), deny.code().orElse(null));
                default -> new ForbiddenException(deny.message(), deny.code().orElse(null));
            };
        }
    }
}
