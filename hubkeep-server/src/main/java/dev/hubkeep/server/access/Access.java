package dev.hubkeep.server.access;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;

/**
 * The one permission decision. Pure: no I/O, no clock; callers load the facts first. Every guarded
 * route asks it before its handler runs, and a table-driven test enumerates it.
 */
public final class Access {

    static final String SIGN_IN = "You must be signed in to do this.";

    private Access() {}

    public static Decision decide(Principal principal, Action action, Resource resource) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return Decision.deny(401, SIGN_IN);
        }
        return switch (resource) {
            case Resource.Account account -> onOwnAccount(user, action, account.userId());
            case Resource.Token token -> isSelfRetirement(user, action, token)
                    ? Decision.ALLOW
                    : onOwnAccount(user, action, token.ownerId());
        };
    }

    private static Decision onOwnAccount(Principal.Authenticated user, Action action, String ownerId) {
        if (!user.userId().equals(ownerId)) {
            return Decision.deny(404, "Not found.");
        }
        if (!(user.credential() instanceof Principal.TokenCredential token)) {
            return Decision.ALLOW; // a password sign-in has no cap of its own
        }
        return switch (action) {
            case ACCOUNT_READ -> Decision.ALLOW;
            case ACCOUNT_MANAGE -> token.role() == TokenRole.ADMIN
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot change account settings: that takes a token with"
                            + " the admin role, or a signed-in session.");
            case TOKENS_READ -> token.role() == TokenRole.ADMIN
                            || grants(user, token, "user.tokens.read")
                            || grants(user, token, "user.tokens.write")
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot read access tokens or the audit log: that takes"
                            + " a token with the admin role or the user.tokens.read permission, or a signed-in session.");
            case TOKENS_MANAGE, TOKEN_RETIRE -> token.role() == TokenRole.ADMIN || grants(user, token, "user.tokens.write")
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot manage access tokens: that takes a token with the"
                            + " admin role or the user.tokens.write permission, or a signed-in session.");
        };
    }

    /** Any token may refresh or delete itself, whatever else it may not do. */
    private static boolean isSelfRetirement(Principal.Authenticated user, Action action, Resource.Token target) {
        return action == Action.TOKEN_RETIRE
                && user.userId().equals(target.ownerId())
                && user.credential() instanceof Principal.TokenCredential token
                && token.tokenId().equals(target.tokenId());
    }

    private static boolean grants(Principal.Authenticated user, Principal.TokenCredential token, String permission) {
        return token.role() == TokenRole.FINE_GRAINED
                && token.fineGrained().map(g -> g.grantsOnUser(user.username(), permission)).orElse(false);
    }
}
