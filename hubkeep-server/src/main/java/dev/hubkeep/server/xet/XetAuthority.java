package dev.hubkeep.server.xet;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import java.util.Optional;

/**
 * Issues Xet tokens to callers the token endpoints' guard let through, and admits them on the CAS.
 * A Xet token is derived from the credential that asked for it, so at every use the CAS asks again,
 * through the one decision ({@link Access#decide}), whether that credential is still live and may
 * still do what the token's scope needs on its repository: revoking the hub token, or losing access
 * to the repository, stops the Xet token at its next request. (One token lookup per CAS request,
 * uncached: xorb and shard uploads are few and large.)
 */
public final class XetAuthority {

    static final String ASK_AGAIN = " Ask the hub for a new one: GET /api/{models,datasets,spaces}/{namespace}/{name}/xet-{read,write}-token/{revision}.";

    private final XetTokens tokens;
    private final TokenService hubTokens;
    private final AccountService accounts;
    private final RepoService repos;
    private final Facts facts;

    public XetAuthority(XetTokens tokens, TokenService hubTokens, AccountService accounts, RepoService repos, Facts facts) {
        this.tokens = tokens;
        this.hubTokens = hubTokens;
        this.accounts = accounts;
        this.repos = repos;
        this.facts = facts;
    }

    /** A Xet token for {@code scope} on the repository, derived from {@code principal} (whom the route's guard admitted). */
    public XetTokens.Signed issue(Principal principal, RepoType type, String namespace, String name, XetScope scope) {
        Repo repo = repos.get(type, namespace, name);
        Optional<String> userId = Optional.empty();
        Optional<String> tokenId = Optional.empty();
        Optional<String> sessionId = Optional.empty();
        if (principal instanceof Principal.Authenticated user) {
            userId = Optional.of(user.userId());
            switch (user.credential()) {
                case Principal.TokenCredential token -> tokenId = Optional.of(token.tokenId());
                case Principal.WebSession session -> sessionId = Optional.of(session.sessionId().orElseThrow(
                        () -> new IllegalStateException("a Xet token needs a browser's session or a token")));
            }
        }
        return tokens.sign(scope, repo.id(), type.singular(), repo.namespace(), repo.name(), userId, tokenId, sessionId);
    }

    /**
     * The grant of the Xet token in {@code authorization} ({@code Bearer <token>}), if it is valid, covers
     * {@code needed}, and its originating credential still may use it from {@code address}; else the refusal.
     */
    public XetToken admit(Optional<String> authorization, XetScope needed, String address) {
        String value = authorization
                .filter(a -> a.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(a -> a.substring(7).strip())
                .orElseThrow(() -> new UnauthenticatedException(
                        "The Xet CAS needs a Xet token as a bearer token (Authorization: Bearer xet_...)." + ASK_AGAIN));
        XetToken token = tokens.check(value).orElseThrow(() -> new UnauthenticatedException(
                "This Xet token is not valid here or has expired." + ASK_AGAIN));
        if (!token.scope().covers(needed)) {
            throw new ForbiddenException("This Xet token is for " + token.scope().wireName() + "ing " + token.repoFullName()
                    + "; this needs a " + needed.wireName() + " token. Ask for one: GET /api/" + token.repoType() + "s/"
                    + token.repoFullName() + "/xet-" + needed.wireName() + "-token/main.");
        }
        Principal principal = originOf(token, address);
        Access.decide(principal, needed.action(), new Resource.Repo(
                facts.repo(principal, token.repoType(), token.namespace(), token.name()))).orThrow();
        String currentId = repos.find(RepoType.fromSingular(token.repoType()), token.namespace(), token.name())
                .map(Repo::id)
                .orElseThrow(() -> new NotFoundException("Repository not found."));
        if (!currentId.equals(token.repoId())) {
            throw new UnauthenticatedException("This Xet token was issued for a repository that has since been moved or"
                    + " replaced." + ASK_AGAIN);
        }
        return token;
    }

    /** The credential the token came from, as it stands now. */
    private Principal originOf(XetToken token, String address) {
        if (token.userId().isEmpty()) {
            return Principal.ANONYMOUS;
        }
        String userId = token.userId().get();
        if (token.tokenId().isPresent()) {
            return hubTokens.principalOf(userId, token.tokenId().get(), address).orElseThrow(() -> new UnauthenticatedException(
                    "The hub token this Xet token was issued to has been revoked or has expired, or may not be used from"
                            + " your address. Use a live hub token and ask for a new Xet token."));
        }
        String sessionId = token.sessionId().orElseThrow(() -> new UnauthenticatedException(
                "This Xet token names no credential." + ASK_AGAIN));
        if (!accounts.sessionLive(sessionId, userId)) {
            throw new UnauthenticatedException("The session this Xet token was issued to has ended (signed out, or the"
                    + " password was changed). Sign in again and ask for a new Xet token.");
        }
        return accounts.findUser(userId)
                .<Principal>map(user -> new Principal.Authenticated(user.id(), user.username(),
                        new Principal.WebSession(Optional.of(sessionId)), user.emailVerified()))
                .orElseThrow(() -> new UnauthenticatedException("The account this Xet token was issued to no longer exists."));
    }
}
