package dev.hubkeep.server.repos;

import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.NamespaceFacts;
import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.access.RepoFacts;
import dev.hubkeep.server.access.TokenGate;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.orgs.OrgService;
import java.util.Optional;

/**
 * Loads what the permission decision needs about repositories and namespaces, from the caches of the
 * services that own each part (repositories and namespaces, organization roles and token gates,
 * gated-access grants): a warm request asks the database nothing.
 */
public final class RepoFactsLoader implements Facts {

    private final OrgService orgs;
    private final GatedAccess gating;
    private final RepoLookup lookup;

    private final java.util.function.Predicate<String> instanceAdmins;

    /** @param instanceAdmins whether the account with this id is an active administrator of the hub */
    public RepoFactsLoader(RepoLookup lookup, OrgService orgs, GatedAccess gating,
            java.util.function.Predicate<String> instanceAdmins) {
        this.instanceAdmins = instanceAdmins;
        this.lookup = lookup;
        this.orgs = orgs;
        this.gating = gating;
    }

    @Override
    public RepoFacts repo(Principal principal, String type, String namespace, String name) {
        return context(principal, type, namespace, name).facts();
    }

    /** The repository a request names, if it exists, with the facts of it and the caller. */
    public RepoContext context(Principal principal, String type, String namespace, String name) {
        Optional<Repo> found = lookup.find(RepoType.fromSingular(type), namespace, name);
        return new RepoContext(found, found.isEmpty() ? RepoFacts.missing(type, namespace, name) : facts(principal, found.get()));
    }

    /** The facts about a repository already loaded (e.g. while listing). */
    RepoFacts facts(Principal principal, Repo repo) {
        RepoRepository.Namespace owner = lookup.namespace(repo.namespace())
                .orElseThrow(() -> new IllegalStateException("repository " + repo.id() + " has no namespace"));
        boolean isOrg = "org".equals(owner.kind());
        Optional<OrgRole> role = isOrg ? callerRole(principal, owner.ownerId()) : Optional.empty();
        TokenGate gate = isOrg ? orgs.gate(owner.ownerId(), principal) : TokenGate.OPEN;
        return new RepoFacts(repo.type().singular(), repo.namespace(), repo.name(), true,
                isOrg ? Optional.empty() : Optional.of(owner.ownerId()),
                isOrg ? Optional.of(owner.name()) : Optional.empty(),
                repo.isPrivate(), repo.gated().isPresent(), role, granted(principal, repo), gate);
    }

    /**
     * The namespaces (lower-cased) whose private repositories the caller might read: their own and
     * their organizations'. From the membership cache; empty for anonymous callers.
     */
    java.util.Set<String> namespacesOf(Principal principal) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return java.util.Set.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(user.username().toLowerCase(java.util.Locale.ROOT));
        orgs.membershipsOf(user.userId()).forEach(m -> names.add(m.name().toLowerCase(java.util.Locale.ROOT)));
        return names;
    }

    @Override
    public boolean instanceAdmin(Principal principal) {
        return principal instanceof Principal.Authenticated user && instanceAdmins.test(user.userId());
    }

    @Override
    public NamespaceFacts namespace(Principal principal, String name) {
        Optional<RepoRepository.Namespace> found = lookup.namespace(name);
        if (found.isEmpty()) {
            return new NamespaceFacts(name, false, Optional.empty(), Optional.empty(), Optional.empty(), TokenGate.OPEN);
        }
        RepoRepository.Namespace ns = found.get();
        if (!"org".equals(ns.kind())) {
            return new NamespaceFacts(ns.name(), true, Optional.of(ns.ownerId()), Optional.empty(), Optional.empty(), TokenGate.OPEN);
        }
        return new NamespaceFacts(ns.name(), true, Optional.empty(), Optional.of(ns.name()),
                callerRole(principal, ns.ownerId()), orgs.gate(ns.ownerId(), principal));
    }

    /** Only gated repositories cost the extra lookup. */
    private boolean granted(Principal principal, Repo repo) {
        return repo.gated().isPresent()
                && principal instanceof Principal.Authenticated user
                && gating.isGranted(repo.id(), user.userId());
    }

    private Optional<OrgRole> callerRole(Principal principal, String orgId) {
        return principal instanceof Principal.Authenticated user ? orgs.roleOf(orgId, user.userId()) : Optional.empty();
    }
}
