package dev.hubkeep.server.access;

import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import java.util.Optional;

/**
 * The one permission decision. Pure: no I/O, no clock; callers load the facts first. Every guarded
 * route asks it, and a table-driven test enumerates it.
 *
 * <p>For repositories and namespaces: effective right = min(the owner's right, the token's cap,
 * the organization's token gate). A private repository and a missing one look the same to anyone
 * who may not read them: same status, code and message.
 */
public final class Access {

    static final String SIGN_IN = "You must be signed in to do this.";
    static final String REPO_NOT_FOUND = "Repository not found.";
    static final String VERIFY_FIRST = "Verify your email address before %s: open the link we mailed you, or ask for"
            + " a new one with POST /api/verify-email/resend.";

    private Access() {}

    public static Decision decide(Principal principal, Action action, Resource resource) {
        return switch (resource) {
            case Resource.Repo repo -> onRepo(principal, action, repo.facts());
            case Resource.Namespace namespace -> action == Action.ORG_LEAVE
                    ? onLeaving(principal, namespace.facts())
                    : onNamespace(principal, action, namespace.facts());
            case Resource.Instance instance -> onInstance(principal, instance.callerIsAdmin());
            case Resource.Account account -> principal instanceof Principal.Authenticated user
                    ? onOwnAccount(user, action, account.userId())
                    : Decision.deny(401, SIGN_IN);
            case Resource.Token token -> !(principal instanceof Principal.Authenticated user)
                    ? Decision.deny(401, SIGN_IN)
                    : isSelfRetirement(user, action, token) ? Decision.ALLOW : onOwnAccount(user, action, token.ownerId());
        };
    }

    // --- repositories ---

    private static Decision onRepo(Principal principal, Action action, RepoFacts repo) {
        if (action == Action.INFERENCE) {
            // Reading the model first: a model the caller may not read answers exactly like any such repository.
            Decision read = onRepo(principal, Action.REPO_READ, repo);
            if (!read.allowed()) {
                return read;
            }
            return principal instanceof Principal.Authenticated user
                    ? mayCallInference(user)
                    : Decision.deny(401, "You must be signed in to call the inference API: send an access token as"
                            + " Authorization: Bearer hf_...");
        }
        if (action == Action.REPO_REQUEST_ACCESS) {
            // Asking needs an account and a repository the caller can see; gated ones are public.
            if (!repo.exists() || repo.isPrivate()) {
                return cannotRead(principal, repo);
            }
            if (principal instanceof Principal.Authenticated user && user.serviceAccount()) {
                return Decision.deny(403, "A service account cannot ask for access to gated repositories: it reaches"
                        + " its organization's repositories only.");
            }
            return principal instanceof Principal.Authenticated ? Decision.ALLOW : Decision.deny(401, SIGN_IN);
        }
        Right needed = switch (action) {
            case REPO_READ -> Right.READ;
            case REPO_WRITE, REPO_MANAGE -> Right.WRITE;
            case REPO_ADMIN -> Right.ADMIN;
            default -> throw new IllegalArgumentException(action + " is not an action on a repository");
        };
        Right publicRight = repo.exists() && !repo.isPrivate() && !repo.gated() ? Right.READ : Right.NONE;
        Right owner = ownerRight(principal, repo);
        Right cap = tokenCap(principal, repo);
        // The organization's token policy governs tokens only; sessions and anonymous callers pass.
        boolean gateOpen = repo.tokenGate() == TokenGate.OPEN
                || !(principal instanceof Principal.Authenticated user && user.credential() instanceof Principal.TokenCredential);
        // Any caller reads what an anonymous one can (as on the public Hub): a token's cap or the
        // organization's gate narrows what the account could do beyond that, never below it.
        Right effective = Right.max(publicRight, gateOpen ? Right.min(owner, cap) : publicRight);
        if (!effective.atLeast(Right.READ)) {
            return cannotRead(principal, repo);
        }
        if (effective.atLeast(needed)) {
            return Decision.ALLOW;
        }
        if (!(principal instanceof Principal.Authenticated)) {
            return Decision.deny(401, SIGN_IN); // an anonymous reader who wants more: ask for credentials
        }
        if (!gateOpen) {
            return Decision.deny(403, repo.tokenGate().message(repo.org().orElse("the organization")));
        }
        if (!owner.atLeast(needed)) {
            return Decision.deny(403, repo.org().isPresent() && repo.callerOrgRole().isPresent()
                    ? "Your role in " + repo.org().get() + " is " + repo.callerOrgRole().get().wireName() + "; "
                            + verb(action) + " " + repo.label() + " needs " + needed.label() + "."
                    : "You have read access only to " + repo.label() + ".");
        }
        return Decision.deny(403, capMessage(principal, action, repo.label(), needed, "repo.write"));
    }

    private static Decision cannotRead(Principal principal, RepoFacts repo) {
        boolean anonymous = !(principal instanceof Principal.Authenticated);
        if (repo.exists() && !repo.isPrivate() && repo.gated()) {
            return anonymous
                    ? new Decision.Deny(401, Optional.of(ErrorCode.GATED_REPO), "Access to " + repo.label()
                            + " is restricted. You must be signed in and granted access to it.")
                    : new Decision.Deny(403, Optional.of(ErrorCode.GATED_REPO), "Access to " + repo.label()
                            + " is restricted and you are not in the authorized list. Ask for access with POST /"
                            + repo.urlPrefix() + repo.fullName() + "/ask-access.");
        }
        return new Decision.Deny(anonymous ? 401 : 404, Optional.of(ErrorCode.REPO_NOT_FOUND), REPO_NOT_FOUND);
    }

    private static Right ownerRight(Principal principal, RepoFacts repo) {
        Right granted = repo.exists() && !repo.isPrivate() && (!repo.gated() || repo.gatedAccessGranted())
                ? Right.READ
                : Right.NONE;
        if (!(principal instanceof Principal.Authenticated user) || !repo.exists()) {
            return granted;
        }
        if (repo.ownerUserId().map(user.userId()::equals).orElse(false)) {
            return Right.ADMIN;
        }
        Right member = repo.callerOrgRole().map(OrgRole::right).orElse(Right.NONE);
        return member.atLeast(granted) ? member : granted;
    }

    private static Right tokenCap(Principal principal, RepoFacts repo) {
        if (!(principal instanceof Principal.Authenticated user)
                || !(user.credential() instanceof Principal.TokenCredential token)) {
            return Right.ADMIN; // anonymous callers and sessions have no cap of their own
        }
        if (token.role() != TokenRole.FINE_GRAINED) {
            return roleRight(token.role());
        }
        FineGrained grants = token.fineGrained().orElseThrow();
        if (repo.gated() && !repo.ownerUserId().map(user.userId()::equals).orElse(false)
                && repo.callerOrgRole().isEmpty() && !grants.canReadGatedRepos()) {
            return Right.NONE;
        }
        Optional<FineGrained.Scoped> onRepo = grants.scoped().stream()
                .filter(s -> s.type().wireName().equals(repo.type()) && s.name().equalsIgnoreCase(repo.fullName()))
                .findFirst();
        Optional<FineGrained.Scoped> onNamespace = grants.scoped().stream()
                .filter(s -> (s.type() == FineGrained.EntityType.USER || s.type() == FineGrained.EntityType.ORG)
                        && s.name().equalsIgnoreCase(repo.namespace()))
                .findFirst();
        return onRepo.or(() -> onNamespace).map(Access::repoRightOf).orElse(Right.NONE);
    }

    private static Right repoRightOf(FineGrained.Scoped grant) {
        if (grant.permissions().contains("repo.write")) {
            return Right.WRITE;
        }
        return grant.permissions().contains("repo.content.read") ? Right.READ : Right.NONE;
    }

    // --- namespaces: creating repositories, administering organizations ---

    private static Decision onNamespace(Principal principal, Action action, NamespaceFacts ns) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return Decision.deny(401, SIGN_IN);
        }
        if (action == Action.REPO_CREATE && !user.emailVerified()) {
            return Decision.deny(403, VERIFY_FIRST.formatted("creating repositories"));
        }
        if (!ns.exists() || action == Action.ORG_ADMIN && ns.org().isEmpty()) {
            return Decision.deny(404, "No " + (action == Action.ORG_ADMIN ? "organization" : "user or organization")
                    + " named '" + ns.name() + "'.");
        }
        Right needed = switch (action) {
            case REPO_CREATE -> Right.WRITE;
            case ORG_ADMIN -> Right.ADMIN;
            default -> throw new IllegalArgumentException(action + " is not an action on a namespace");
        };
        Right owner = ns.ownerUserId().map(user.userId()::equals).orElse(false)
                ? Right.ADMIN
                : ns.callerOrgRole().map(OrgRole::right).orElse(Right.NONE);
        if (!owner.atLeast(needed)) {
            String doing = action == Action.ORG_ADMIN ? "administering it" : "creating repositories in it";
            return Decision.deny(403, ns.org().isEmpty()
                    ? "You can only create repositories in your own namespace or in an organization where you have write access."
                    : ns.callerOrgRole().isEmpty()
                            ? "You are not a member of " + ns.name() + "."
                            : "Your role in " + ns.name() + " is " + ns.callerOrgRole().get().wireName() + "; "
                                    + doing + " needs " + needed.label() + ".");
        }
        if (ns.org().isPresent() && ns.tokenGate() != TokenGate.OPEN && user.credential() instanceof Principal.TokenCredential) {
            return Decision.deny(403, ns.tokenGate().message(ns.name()));
        }
        Right cap = namespaceCap(user, ns, action);
        if (!cap.atLeast(needed)) {
            String permission = action == Action.ORG_ADMIN ? "org.members.write" : ns.org().isPresent() ? "org.write" : "repo.write";
            return Decision.deny(403, capMessage(user, action, ns.name(), needed, permission));
        }
        return Decision.ALLOW;
    }

    private static Right namespaceCap(Principal.Authenticated user, NamespaceFacts ns, Action action) {
        if (!(user.credential() instanceof Principal.TokenCredential token)) {
            return Right.ADMIN;
        }
        if (token.role() != TokenRole.FINE_GRAINED) {
            return roleRight(token.role());
        }
        Optional<FineGrained.Scoped> grant = token.fineGrained().orElseThrow().scoped().stream()
                .filter(s -> (s.type() == FineGrained.EntityType.USER || s.type() == FineGrained.EntityType.ORG)
                        && s.name().equalsIgnoreCase(ns.name()))
                .findFirst();
        if (grant.isEmpty()) {
            return Right.NONE;
        }
        if (action == Action.ORG_ADMIN) {
            return grant.get().permissions().contains("org.members.write") ? Right.ADMIN : Right.NONE;
        }
        boolean mayCreate = grant.get().permissions().contains(ns.org().isPresent() ? "org.write" : "repo.write");
        return mayCreate ? Right.WRITE : Right.NONE;
    }

    // --- leaving an organization; administering the hub's accounts ---

    private static Decision onLeaving(Principal principal, NamespaceFacts ns) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return Decision.deny(401, SIGN_IN);
        }
        if (!ns.exists() || ns.org().isEmpty()) {
            return Decision.deny(404, "No organization named '" + ns.name() + "'.");
        }
        if (ns.callerOrgRole().isEmpty()) {
            return Decision.deny(404, "You are not a member of " + ns.name() + ".");
        }
        if (user.serviceAccount()) {
            return Decision.deny(403, "A service account cannot leave its organization; an admin of "
                    + ns.name() + " can delete it.");
        }
        if (user.credential() instanceof Principal.TokenCredential token && token.role() != TokenRole.ADMIN) {
            return Decision.deny(403, "Leaving an organization takes a token with the admin role, or a signed-in session.");
        }
        return Decision.ALLOW;
    }

    private static Decision onInstance(Principal principal, boolean callerIsAdmin) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return Decision.deny(401, SIGN_IN);
        }
        if (!callerIsAdmin || user.serviceAccount()) {
            return Decision.deny(403, "Only the hub's administrators may manage other accounts.");
        }
        if (user.credential() instanceof Principal.TokenCredential token && token.role() != TokenRole.ADMIN) {
            return Decision.deny(403, "Managing the hub's accounts takes a token with the admin role, or a signed-in"
                    + " session.");
        }
        return Decision.ALLOW;
    }

    // --- the caller's own account and tokens ---

    private static Decision onOwnAccount(Principal.Authenticated user, Action action, String ownerId) {
        if (!user.userId().equals(ownerId)) {
            return Decision.deny(404, "Not found.");
        }
        if (user.serviceAccount() && action != Action.ACCOUNT_READ) {
            return Decision.deny(403, "A service account has no settings, tokens or organizations of its own to manage:"
                    + " the admins of its organization manage it, under the organization's settings.");
        }
        if (action == Action.ORG_CREATE && !user.emailVerified()) {
            return Decision.deny(403, VERIFY_FIRST.formatted("creating organizations"));
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
            case ORG_CREATE -> token.role() == TokenRole.ADMIN || token.role() == TokenRole.WRITE
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot create organizations: that takes a write or admin"
                            + " token, or a signed-in session.");
            case TOKENS_READ -> token.role() == TokenRole.ADMIN
                            || grantsOnSelf(user, token, "user.tokens.read")
                            || grantsOnSelf(user, token, "user.tokens.write")
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot read access tokens or the audit log: that takes"
                            + " a token with the admin role or the user.tokens.read permission, or a signed-in session.");
            case TOKENS_MANAGE, TOKEN_RETIRE -> token.role() == TokenRole.ADMIN || grantsOnSelf(user, token, "user.tokens.write")
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot manage access tokens: that takes a token with the"
                            + " admin role or the user.tokens.write permission, or a signed-in session.");
            case GPG_KEYS_MANAGE -> token.role() == TokenRole.ADMIN || grantsOnSelf(user, token, "user.gpgKeys.write")
                    ? Decision.ALLOW
                    : Decision.deny(403, "This access token cannot add or delete OpenPGP keys: that takes a token with"
                            + " the admin role or the user.gpgKeys.write permission, or a signed-in session.");
            case INFERENCE -> mayCallInference(user);
            default -> throw new IllegalArgumentException(action + " is not an action on an account");
        };
    }

    /** The fine-grained permission the public Hub names for calling inference, held on the caller's own account. */
    static final String INFERENCE_PERMISSION = "inference.serverless.write";

    /**
     * Whether the credential may call inference at all: a session or a token of any role may (the
     * guides: a read token "calls the inference API"); a fine-grained token only with
     * {@code inference.serverless.write} on its owner's account, as the Hub grants it.
     */
    private static Decision mayCallInference(Principal.Authenticated user) {
        if (!(user.credential() instanceof Principal.TokenCredential token)
                || token.role() != TokenRole.FINE_GRAINED
                || grantsOnSelf(user, token, INFERENCE_PERMISSION)) {
            return Decision.ALLOW;
        }
        return Decision.deny(403, "This fine-grained token does not grant " + INFERENCE_PERMISSION + " on your account ("
                + user.username() + "): calling the inference API needs it. Add it to the token's permissions on "
                + user.username() + ", or create one at /settings/tokens/new?tokenType=fineGrained&ownUserPermissions="
                + INFERENCE_PERMISSION + ".");
    }

    /** Any token may refresh or delete itself, whatever else it may not do. */
    private static boolean isSelfRetirement(Principal.Authenticated user, Action action, Resource.Token target) {
        return action == Action.TOKEN_RETIRE
                && user.userId().equals(target.ownerId())
                && user.credential() instanceof Principal.TokenCredential token
                && token.tokenId().equals(target.tokenId());
    }

    private static boolean grantsOnSelf(Principal.Authenticated user, Principal.TokenCredential token, String permission) {
        return token.role() == TokenRole.FINE_GRAINED
                && token.fineGrained().map(g -> g.grantsOnUser(user.username(), permission)).orElse(false);
    }

    private static Right roleRight(TokenRole role) {
        return switch (role) {
            case READ -> Right.READ;
            case WRITE -> Right.WRITE;
            case ADMIN -> Right.ADMIN;
            case FINE_GRAINED -> Right.NONE;
        };
    }

    private static String capMessage(Principal principal, Action action, String what, Right needed, String permission) {
        Principal.TokenCredential token = (Principal.TokenCredential) ((Principal.Authenticated) principal).credential();
        if (token.role() == TokenRole.FINE_GRAINED) {
            return action == Action.REPO_ADMIN
                    ? "A fine-grained token cannot delete repositories: " + verb(action) + " " + what
                            + " needs an admin token, or a signed-in session."
                    : "This fine-grained token does not grant " + permission + " on " + what + ".";
        }
        return "This token's role is " + token.role().wireName() + "; " + verb(action) + " " + what + " needs "
                + withArticle(needed.label()) + " token.";
    }

    /** "a write", "an admin": the article that goes with a role's name. */
    static String withArticle(String role) {
        return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
    }

    private static String verb(Action action) {
        return switch (action) {
            case REPO_WRITE -> "writing to";
            case REPO_MANAGE -> "managing";
            case REPO_ADMIN -> "deleting";
            case REPO_CREATE -> "creating repositories in";
            case ORG_ADMIN -> "administering";
            default -> "reading";
        };
    }
}
