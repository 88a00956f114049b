package dev.hubkeep.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision on repositories, row by row: caller (relation × credential) × action × repository
 * (visibility, owner, org policy) → status. 200 means allowed.
 */
class RepoAccessTest {

    private static final String ME = "me-id";

    // --- callers ---

    private static Principal anonymous() {
        return Principal.ANONYMOUS;
    }

    private static Principal session() {
        return new Principal.Authenticated(ME, "me", Principal.WEB_SESSION, true);
    }

    private static Principal token(TokenRole role) {
        return new Principal.Authenticated(ME, "me",
                new Principal.TokenCredential("t", "t", role, Optional.empty(), Instant.EPOCH, Optional.empty(), List.of(), Optional.empty()), true);
    }

    private static Principal fine(FineGrained.EntityType type, String name, String... permissions) {
        FineGrained grants = new FineGrained(List.of(new FineGrained.Scoped(type, name, Set.of(permissions))), List.of(), false);
        return new Principal.Authenticated(ME, "me",
                new Principal.TokenCredential("t", "t", TokenRole.FINE_GRAINED, Optional.of(grants), Instant.EPOCH, Optional.empty(), List.of(), Optional.empty()), true);
    }

    // --- repositories ---

    private static RepoFacts mine(boolean isPrivate) {
        return new RepoFacts("model", "me", "repo", true, Optional.of(ME), Optional.empty(), isPrivate, false,
                Optional.empty(), false, TokenGate.OPEN);
    }

    private static RepoFacts others(boolean isPrivate) {
        return new RepoFacts("model", "bob", "repo", true, Optional.of("bob-id"), Optional.empty(), isPrivate, false,
                Optional.empty(), false, TokenGate.OPEN);
    }

    private static RepoFacts org(boolean isPrivate, OrgRole role, TokenGate gate) {
        return new RepoFacts("model", "acme", "repo", true, Optional.empty(), Optional.of("acme"), isPrivate, false,
                Optional.ofNullable(role), false, gate);
    }

    private static RepoFacts gated(boolean granted) {
        return new RepoFacts("model", "bob", "repo", true, Optional.of("bob-id"), Optional.empty(), false, true,
                Optional.empty(), granted, TokenGate.OPEN);
    }

    private static RepoFacts missing() {
        return RepoFacts.missing("model", "acme", "nope");
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // own user namespace
                row("session, own private, read", session(), Action.REPO_READ, mine(true), 200),
                row("session, own private, admin", session(), Action.REPO_ADMIN, mine(true), 200),
                row("read token, own private, read", token(TokenRole.READ), Action.REPO_READ, mine(true), 200),
                row("read token, own, write", token(TokenRole.READ), Action.REPO_WRITE, mine(false), 403),
                row("write token, own, write", token(TokenRole.WRITE), Action.REPO_WRITE, mine(true), 200),
                row("write token, own, admin", token(TokenRole.WRITE), Action.REPO_ADMIN, mine(true), 403),
                row("admin token, own, admin", token(TokenRole.ADMIN), Action.REPO_ADMIN, mine(true), 200),
                // managing (settings, move) takes write, as the guides teach; deleting takes admin
                row("read token, own, manage", token(TokenRole.READ), Action.REPO_MANAGE, mine(true), 403),
                row("write token, own, manage", token(TokenRole.WRITE), Action.REPO_MANAGE, mine(true), 200),
                row("admin token, own, manage", token(TokenRole.ADMIN), Action.REPO_MANAGE, mine(false), 200),
                row("session, own, manage", session(), Action.REPO_MANAGE, mine(true), 200),
                row("anonymous, public, manage", anonymous(), Action.REPO_MANAGE, others(false), 401),
                row("session, other's public, manage", session(), Action.REPO_MANAGE, others(false), 403),
                row("write token, other's private, manage", token(TokenRole.WRITE), Action.REPO_MANAGE, others(true), 404),
                row("write token, missing, manage", token(TokenRole.WRITE), Action.REPO_MANAGE, missing(), 404),
                row("admin token, missing, admin", token(TokenRole.ADMIN), Action.REPO_ADMIN, missing(), 404),
                // another user's repositories
                row("anonymous, public, read", anonymous(), Action.REPO_READ, others(false), 200),
                row("anonymous, public, write", anonymous(), Action.REPO_WRITE, others(false), 401),
                row("anonymous, private, read", anonymous(), Action.REPO_READ, others(true), 401),
                row("session, other's private, read", session(), Action.REPO_READ, others(true), 404),
                row("admin token, other's private, read", token(TokenRole.ADMIN), Action.REPO_READ, others(true), 404),
                row("write token, other's public, write", token(TokenRole.WRITE), Action.REPO_WRITE, others(false), 403),
                row("session, other's public, admin", session(), Action.REPO_ADMIN, others(false), 403),
                // missing looks like private
                row("anonymous, missing, read", anonymous(), Action.REPO_READ, missing(), 401),
                row("session, missing, read", session(), Action.REPO_READ, missing(), 404),
                row("write token, missing, write", token(TokenRole.WRITE), Action.REPO_WRITE, missing(), 404),
                // organization roles × token roles
                row("org read + session, private, read", session(), Action.REPO_READ, org(true, OrgRole.READ, TokenGate.OPEN), 200),
                row("org read + write token, write", token(TokenRole.WRITE), Action.REPO_WRITE, org(true, OrgRole.READ, TokenGate.OPEN), 403),
                row("org write + read token, write", token(TokenRole.READ), Action.REPO_WRITE, org(true, OrgRole.WRITE, TokenGate.OPEN), 403),
                row("org write + write token, write", token(TokenRole.WRITE), Action.REPO_WRITE, org(true, OrgRole.WRITE, TokenGate.OPEN), 200),
                row("org write + admin token, admin", token(TokenRole.ADMIN), Action.REPO_ADMIN, org(true, OrgRole.WRITE, TokenGate.OPEN), 403),
                row("org admin + admin token, admin", token(TokenRole.ADMIN), Action.REPO_ADMIN, org(true, OrgRole.ADMIN, TokenGate.OPEN), 200),
                row("org admin + write token, admin", token(TokenRole.WRITE), Action.REPO_ADMIN, org(true, OrgRole.ADMIN, TokenGate.OPEN), 403),
                row("org read + session, manage", session(), Action.REPO_MANAGE, org(true, OrgRole.READ, TokenGate.OPEN), 403),
                row("org read + admin token, manage", token(TokenRole.ADMIN), Action.REPO_MANAGE, org(true, OrgRole.READ, TokenGate.OPEN), 403),
                row("org write + session, manage", session(), Action.REPO_MANAGE, org(true, OrgRole.WRITE, TokenGate.OPEN), 200),
                row("org write + write token, manage", token(TokenRole.WRITE), Action.REPO_MANAGE, org(true, OrgRole.WRITE, TokenGate.OPEN), 200),
                row("org write + read token, manage", token(TokenRole.READ), Action.REPO_MANAGE, org(true, OrgRole.WRITE, TokenGate.OPEN), 403),
                row("org write + session, admin", session(), Action.REPO_ADMIN, org(true, OrgRole.WRITE, TokenGate.OPEN), 403),
                row("org admin + session, admin", session(), Action.REPO_ADMIN, org(true, OrgRole.ADMIN, TokenGate.OPEN), 200),
                row("org admin + write token, manage", token(TokenRole.WRITE), Action.REPO_MANAGE, org(true, OrgRole.ADMIN, TokenGate.OPEN), 200),
                row("outsider session, org private, read", session(), Action.REPO_READ, org(true, null, TokenGate.OPEN), 404),
                row("outsider write token, org public, write", token(TokenRole.WRITE), Action.REPO_WRITE, org(false, null, TokenGate.OPEN), 403),
                // fine-grained tokens
                row("fine repo.write on repo, write", fine(FineGrained.EntityType.MODEL, "acme/repo", "repo.write"), Action.REPO_WRITE, org(true, OrgRole.WRITE, TokenGate.OPEN), 200),
                row("fine repo.write on other repo, read", fine(FineGrained.EntityType.MODEL, "acme/other", "repo.write"), Action.REPO_READ, org(true, OrgRole.WRITE, TokenGate.OPEN), 404),
                row("fine read on org, write", fine(FineGrained.EntityType.ORG, "acme", "repo.content.read"), Action.REPO_WRITE, org(true, OrgRole.ADMIN, TokenGate.OPEN), 403),
                row("fine read on org, read", fine(FineGrained.EntityType.ORG, "acme", "repo.content.read"), Action.REPO_READ, org(true, OrgRole.READ, TokenGate.OPEN), 200),
                row("fine on other namespace, public read", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_READ, org(false, null, TokenGate.OPEN), 200),
                row("fine on other namespace, public write", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_WRITE, org(false, null, TokenGate.OPEN), 403),
                row("fine on other namespace, private read", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_READ, org(true, null, TokenGate.OPEN), 404),
                row("fine without grants, public gated read", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_READ, gated(false), 403),
                row("fine repo.write, admin", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_ADMIN, mine(true), 403),
                row("fine repo.write, manage", fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_MANAGE, mine(true), 200),
                row("fine repo.write on repo, manage", fine(FineGrained.EntityType.MODEL, "acme/repo", "repo.write"), Action.REPO_MANAGE, org(true, OrgRole.WRITE, TokenGate.OPEN), 200),
                row("fine read on org, manage", fine(FineGrained.EntityType.ORG, "acme", "repo.content.read"), Action.REPO_MANAGE, org(true, OrgRole.ADMIN, TokenGate.OPEN), 403),
                // organization token policy
                row("fine-grained-only org, classic token, private read", token(TokenRole.WRITE), Action.REPO_READ, org(true, OrgRole.WRITE, TokenGate.FINE_GRAINED_REQUIRED), 404),
                row("fine-grained-only org, classic token, public read", token(TokenRole.WRITE), Action.REPO_READ, org(false, OrgRole.WRITE, TokenGate.FINE_GRAINED_REQUIRED), 200),
                row("fine-grained-only org, classic token, public write", token(TokenRole.WRITE), Action.REPO_WRITE, org(false, OrgRole.WRITE, TokenGate.FINE_GRAINED_REQUIRED), 403),
                row("pending approval, private read", token(TokenRole.READ), Action.REPO_READ, org(true, OrgRole.READ, TokenGate.PENDING_APPROVAL), 404),
                row("denied, public write", token(TokenRole.WRITE), Action.REPO_WRITE, org(false, OrgRole.WRITE, TokenGate.DENIED), 403),
                row("revoked by org, private read", token(TokenRole.ADMIN), Action.REPO_READ, org(true, OrgRole.ADMIN, TokenGate.REVOKED_BY_ORG), 404),
                row("too long lived, public write", token(TokenRole.WRITE), Action.REPO_WRITE, org(false, OrgRole.WRITE, TokenGate.LIFETIME_TOO_LONG), 403),
                row("fine-grained-only org, classic token, manage", token(TokenRole.ADMIN), Action.REPO_MANAGE, org(false, OrgRole.ADMIN, TokenGate.FINE_GRAINED_REQUIRED), 403),
                row("pending approval, delete", token(TokenRole.ADMIN), Action.REPO_ADMIN, org(true, OrgRole.ADMIN, TokenGate.PENDING_APPROVAL), 404),
                row("session ignores token policy", session(), Action.REPO_WRITE, org(true, OrgRole.WRITE, TokenGate.DENIED), 200),
                // gated repositories
                row("anonymous, gated, read", anonymous(), Action.REPO_READ, gated(false), 401),
                row("session, gated not granted, read", session(), Action.REPO_READ, gated(false), 403),
                row("session, gated granted, read", session(), Action.REPO_READ, gated(true), 200),
                row("read token, gated granted, read", token(TokenRole.READ), Action.REPO_READ, gated(true), 200),
                row("fine without canReadGatedRepos, gated granted", fine(FineGrained.EntityType.USER, "bob", "repo.content.read"), Action.REPO_READ, gated(true), 403),
                // asking for access
                row("anonymous, gated, ask", anonymous(), Action.REPO_REQUEST_ACCESS, gated(false), 401),
                row("session, gated, ask", session(), Action.REPO_REQUEST_ACCESS, gated(false), 200),
                row("read token, gated, ask", token(TokenRole.READ), Action.REPO_REQUEST_ACCESS, gated(false), 200),
                row("session, other's private, ask", session(), Action.REPO_REQUEST_ACCESS, others(true), 404),
                row("session, missing, ask", session(), Action.REPO_REQUEST_ACCESS, missing(), 404),
                // inference: read on the model first, then a credential that may call inference
                row("anonymous, public, inference", anonymous(), Action.INFERENCE, others(false), 401),
                row("anonymous, private, inference", anonymous(), Action.INFERENCE, others(true), 401),
                row("session, own private, inference", session(), Action.INFERENCE, mine(true), 200),
                row("read token, own private, inference", token(TokenRole.READ), Action.INFERENCE, mine(true), 200),
                row("read token, other's private, inference", token(TokenRole.READ), Action.INFERENCE, others(true), 404),
                row("read token, gated not granted, inference", token(TokenRole.READ), Action.INFERENCE, gated(false), 403),
                row("fine read without inference, own, inference", fine(FineGrained.EntityType.USER, "me", "repo.content.read"), Action.INFERENCE, mine(true), 403),
                row("fine read and inference, own, inference", fine(FineGrained.EntityType.USER, "me", "repo.content.read", "inference.serverless.write"), Action.INFERENCE, mine(true), 200),
                row("fine inference, other's public, inference", fine(FineGrained.EntityType.USER, "me", "inference.serverless.write"), Action.INFERENCE, others(false), 200),
                row("fine inference, other's private, inference", fine(FineGrained.EntityType.USER, "me", "inference.serverless.write"), Action.INFERENCE, others(true), 404));
    }

    private static Arguments row(String name, Principal principal, Action action, RepoFacts repo, int status) {
        return Arguments.of(name, principal, action, repo, status);
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("table")
    void decide_row_givesExpectedStatus(String name, Principal principal, Action action, RepoFacts repo, int expected) {
        Decision decision = Access.decide(principal, action, new Resource.Repo(repo));

        assertThat(decision instanceof Decision.Deny deny ? deny.status() : 200).isEqualTo(expected);
    }

    @Test
    void table_coversEveryActionOnRepositories() {
        Set<Action> inTable = table().map(row -> (Action) row.get()[2]).collect(Collectors.toSet());

        assertThat(inTable).containsExactlyInAnyOrder(Action.REPO_READ, Action.REPO_WRITE, Action.REPO_MANAGE,
                Action.REPO_ADMIN, Action.REPO_REQUEST_ACCESS, Action.INFERENCE);
    }

    static Stream<Arguments> refusalMessages() {
        return Stream.of(
                Arguments.of(token(TokenRole.WRITE), Action.REPO_ADMIN, mine(true),
                        "This token's role is write; deleting model me/repo needs an admin token."),
                Arguments.of(token(TokenRole.READ), Action.REPO_MANAGE, mine(true),
                        "This token's role is read; managing model me/repo needs a write token."),
                Arguments.of(token(TokenRole.READ), Action.REPO_WRITE, mine(true),
                        "This token's role is read; writing to model me/repo needs a write token."),
                Arguments.of(fine(FineGrained.EntityType.USER, "me", "repo.write"), Action.REPO_ADMIN, mine(true),
                        "A fine-grained token cannot delete repositories: deleting model me/repo needs an admin token,"
                                + " or a signed-in session."),
                Arguments.of(session(), Action.REPO_ADMIN, org(true, OrgRole.WRITE, TokenGate.OPEN),
                        "Your role in acme is write; deleting model acme/repo needs admin."),
                Arguments.of(token(TokenRole.ADMIN), Action.REPO_MANAGE, org(true, OrgRole.READ, TokenGate.OPEN),
                        "Your role in acme is read; managing model acme/repo needs write."));
    }

    @ParameterizedTest(name = "{1} -> {3}")
    @MethodSource("refusalMessages")
    void decide_refusal_namesTheRoleThatIsShort(Principal principal, Action action, RepoFacts repo, String message) {
        Decision decision = Access.decide(principal, action, new Resource.Repo(repo));

        assertThat(decision).isEqualTo(Decision.deny(403, message));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decide_everyRefusal_usesTheRightArticle(String name, Principal principal, Action action, RepoFacts repo, int expected) {
        if (Access.decide(principal, action, new Resource.Repo(repo)) instanceof Decision.Deny deny) {
            assertThat(deny.message()).doesNotContain(" a admin");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decide_privateAndMissing_sameRefusalForOutsiders(String name, Principal principal, Action action, RepoFacts repo, int expected) {
        RepoFacts hidden = new RepoFacts("model", "acme", "nope", true, Optional.empty(), Optional.of("acme"), true, false,
                Optional.empty(), false, TokenGate.OPEN);

        assertThat(Access.decide(principal, Action.REPO_READ, new Resource.Repo(hidden)))
                .isEqualTo(Access.decide(principal, Action.REPO_READ, new Resource.Repo(missing())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decide_gatedRefusal_carriesGatedRepoCode(String name, Principal principal, Action action, RepoFacts repo, int expected) {
        Decision decision = Access.decide(principal, action, new Resource.Repo(repo));

        if (repo.gated() && decision instanceof Decision.Deny deny && action == Action.REPO_READ) {
            assertThat(deny.code()).contains(dev.hubkeep.protocol.ErrorCode.GATED_REPO);
        }
    }
}
