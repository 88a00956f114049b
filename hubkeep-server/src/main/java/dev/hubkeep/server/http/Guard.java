package dev.hubkeep.server.http;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Decision;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.repos.RepoContext;
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

    /** An action on the repository named by the path parameters {@code ns} and {@code name}. */
    record Repo(Action action, String type) implements Guard {}

    /** An action on the organization named by the path parameter {@code org}. */
    record Org(Action action) implements Guard {}

    /** An action on the hub's accounts, for its administrators. */
    record Instance(Action action) implements Guard {}

    /**
     * The resource is named in the request body, so the handler's service asks the decision once it
     * has read it; the action is stated here so the route-level test knows it.
     */
    record InService(Action action) implements Guard {}

    /**
     * The metrics scraper, by the scrape secret ({@link ScrapeSecret}) instead of an account: the
     * pipeline checks it before any account authentication, and nothing else accepts it.
     */
    record Scraper() implements Guard {}

    /**
     * The Xet CAS, by a short-lived Xet token the token endpoints signed ({@code XetAuthority})
     * instead of an account: the pipeline admits it, for at least {@code scope}, before any account
     * authentication, and nothing else accepts it. Admission re-checks that the hub token the Xet
     * token came from is still live and still has access to its repository.
     */
    record XetCas(dev.hubkeep.server.xet.XetScope scope) implements Guard {}

    /**
     * A link that authorizes itself by a signature in its query (a reconstruction's xorb range links,
     * fetched without credentials): no account authentication runs; the handler checks the signature.
     */
    record SignedLink() implements Guard {}

    Guard ANYONE = new Anyone();
    Guard SIGNED_LINK = new SignedLink();
    Guard SCRAPER = new Scraper();

    static Guard ownAccount(Action action) {
        return new OwnAccount(action);
    }

    static Guard ownToken(Action action) {
        return new OwnToken(action);
    }

    static Guard repo(Action action, String type) {
        return new Repo(action, type);
    }

    static Guard xetCas(dev.hubkeep.server.xet.XetScope scope) {
        return new XetCas(scope);
    }

    static Guard org(Action action) {
        return new Org(action);
    }

    static Guard instance(Action action) {
        return new Instance(action);
    }

    static Guard inService(Action action) {
        return new InService(action);
    }

    /** The action this guard asks the decision about, for the route-level permission test. */
    default Optional<Action> decides() {
        return switch (this) {
            case Anyone ignored -> Optional.empty();
            case Scraper ignored -> Optional.empty();
            case XetCas ignored -> Optional.empty();
            case SignedLink ignored -> Optional.empty();
            case OwnAccount g -> Optional.of(g.action());
            case OwnToken g -> Optional.of(g.action());
            case Repo g -> Optional.of(g.action());
            case Org g -> Optional.of(g.action());
            case InService g -> Optional.of(g.action());
            case Instance g -> Optional.of(g.action());
        };
    }

    /** Throws the refusal the decision gives, or returns when the request may go on. */
    default void check(Principal principal, Context ctx, Facts facts, RepoResolver repos) {
        String self = principal instanceof Principal.Authenticated user ? user.userId() : "";
        Decision decision = switch (this) {
            case Anyone ignored -> Decision.ALLOW;
            case Scraper ignored -> throw new IllegalStateException("The scrape secret is checked before any guard.");
            case XetCas ignored -> throw new IllegalStateException("A Xet token is admitted before any guard.");
            case SignedLink ignored -> throw new IllegalStateException("A signed link is checked by its handler.");
            // Every body-addressed action needs an account; the service decides the rest.
            case InService ignored -> principal instanceof Principal.Authenticated
                    ? Decision.ALLOW
                    : Decision.deny(401, "You must be signed in to do this.");
            case OwnAccount g -> Access.decide(principal, g.action(), new Resource.Account(self));
            case OwnToken g -> Access.decide(principal, g.action(), new Resource.Token(self, ctx.pathParam("id")));
            case Repo g -> {
                // /datasets/squad/resolve/… reaches the model routes as namespace "datasets", which no one can hold.
                NotServed.typePrefixAsNamespace(g.type(), ctx.pathParam("ns"), ctx.pathParam("name"))
                        .or(() -> NotServed.hubPathAsNamespace(ctx.method().name(), ctx.path(), ctx.pathParam("ns")))
                        .ifPresent(answer -> {
                            throw new NotFoundException(answer.message(), answer.code().orElse(null));
                        });
                RepoContext target = repos.resolve(principal, g.type(), ctx.pathParam("ns"), ctx.pathParam("name"));
                Requests.setRepo(ctx, target); // the handler's, once the decision below allows it
                yield Access.decide(principal, g.action(), new Resource.Repo(target.facts()));
            }
            case Org g -> Access.decide(principal, g.action(), new Resource.Namespace(
                    facts.namespace(principal, ctx.pathParam("org"))));
            case Instance g -> Access.decide(principal, g.action(), new Resource.Instance(facts.instanceAdmin(principal)));
        };
        decision.orThrow();
    }
}
