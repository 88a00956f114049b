package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.UnauthenticatedException;

/** What a route demands of the caller before its handler runs; every route names one. */
public enum Guard {
    /** Anyone, signed in or not. */
    ANYONE {
        @Override
        void check(Principal principal) {}
    },
    /** Any signed-in user. */
    SIGNED_IN {
        @Override
        void check(Principal principal) {
            if (!(principal instanceof Principal.Authenticated)) {
                throw new UnauthenticatedException("You must be signed in to do this.");
            }
        }
    };

    abstract void check(Principal principal);
}
