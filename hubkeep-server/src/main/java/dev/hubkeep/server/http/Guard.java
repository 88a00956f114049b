package dev.hubkeep.server.http;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Decision;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * What a route demands before its handler runs; every route names one. All but {@link Anyone}
 * ask the one permission decision, {@link Access#decide}.
 */
public sealed interface Guard {

    /** Anyone, signed in or not (the handler may still refuse, e.g. a wrong password). */
    record Anyone() implements Guard {}

    /** An action on the caller's own account. */
    record OwnAccount(Action action) implements Guard {}

    /** An action on one of the caller's own tokens, named by the path parameter {@code id}. */
    record OwnToken(Action action) implements Guard {}

    Guard ANYONE = new Anyone();

    static Guard ownAccount(Action action) {
        return new OwnAccount(action);
    }

    static Guard ownToken(Action action) {
        return new OwnToken(action);
    }

    /** The action this guard asks the decision about, for the route-level permission test. */
    default Optional<Action> decides() {
        return switch (this) {
            case Anyone ignored -> Optional.empty();
            case OwnAccount own -> Optional.of(own.action());
            case OwnToken own -> Optional.of(own.action());
        };
    }

    /** Throws the refusal the decision gives, or returns when the request may go on. */
    default void check(Principal principal, Context ctx) {
        String self = principal instanceof Principal.Authenticated user ? user.userId() : "";
        Decision decision = switch (this) {
            case Anyone ignored -> Decision.ALLOW;
            case OwnAccount own -> Access.decide(principal, own.action(), new Resource.Account(self));
            case OwnToken own -> Access.decide(principal, own.action(), new Resource.Token(self, ctx.pathParam("id")));
        };
        if (decision instanceof Decision.Deny deny) {
            throw switch (deny.status()) {
                case 401 -> new UnauthenticatedException(deny.message());
                case 404 -> new NotFoundException(deny.message(), deny.code().orElse(null));
                default -> new ForbiddenException(deny.message(), deny.code().orElse(null));
            };
        }
    }
}
