package dev.hubkeep.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision, row by row: who (credential), what (action), on what (own/other account or token) → outcome. */
class AccessTest {

    private static final String ALICE = "alice-id";
    private static final String OWN_TOKEN = "token-1";

    private static Principal session() {
        return new Principal.Authenticated(ALICE, "alice", Principal.WEB_SESSION, true);
    }

    private static Principal token(TokenRole role, String... userPermissions) {
        Optional<FineGrained> grants = role == TokenRole.FINE_GRAINED
                ? Optional.of(new FineGrained(
                        List.of(new FineGrained.Scoped(FineGrained.EntityType.USER, "alice", Set.of(userPermissions))),
                        List.of(), false))
                : Optional.empty();
        return new Principal.Authenticated(ALICE, "alice",
                new Principal.TokenCredential(OWN_TOKEN, "t", role, grants, Instant.EPOCH, Optional.empty(), List.of(), Optional.empty()), true);
    }

    static Stream<Arguments> table() {
        Resource own = new Resource.Account(ALICE);
        Resource other = new Resource.Account("bob-id");
        Resource ownToken = new Resource.Token(ALICE, OWN_TOKEN);
        Resource otherToken = new Resource.Token(ALICE, "token-2");
        return Stream.of(
                // principal, action, resource, expected status (200 = allow)
                Arguments.of("anonymous", Principal.ANONYMOUS, Action.ACCOUNT_READ, own, 401),
                Arguments.of("anonymous", Principal.ANONYMOUS, Action.TOKENS_MANAGE, own, 401),
                Arguments.of("session", session(), Action.ACCOUNT_READ, own, 200),
                Arguments.of("session", session(), Action.ACCOUNT_MANAGE, own, 200),
                Arguments.of("session", session(), Action.TOKENS_READ, own, 200),
                Arguments.of("session", session(), Action.TOKENS_MANAGE, own, 200),
                Arguments.of("session", session(), Action.TOKEN_RETIRE, otherToken, 200),
                Arguments.of("session", session(), Action.TOKENS_READ, other, 404),
                Arguments.of("read", token(TokenRole.READ), Action.ACCOUNT_READ, own, 200),
                Arguments.of("read", token(TokenRole.READ), Action.ACCOUNT_MANAGE, own, 403),
                Arguments.of("read", token(TokenRole.READ), Action.TOKENS_READ, own, 403),
                Arguments.of("read", token(TokenRole.READ), Action.TOKENS_MANAGE, own, 403),
                Arguments.of("read", token(TokenRole.READ), Action.TOKEN_RETIRE, ownToken, 200),
                Arguments.of("read", token(TokenRole.READ), Action.TOKEN_RETIRE, otherToken, 403),
                Arguments.of("write", token(TokenRole.WRITE), Action.ACCOUNT_READ, own, 200),
                Arguments.of("write", token(TokenRole.WRITE), Action.ACCOUNT_MANAGE, own, 403),
                Arguments.of("write", token(TokenRole.WRITE), Action.TOKENS_READ, own, 403),
                Arguments.of("write", token(TokenRole.WRITE), Action.TOKENS_MANAGE, own, 403),
                Arguments.of("write", token(TokenRole.WRITE), Action.TOKEN_RETIRE, ownToken, 200),
                Arguments.of("write", token(TokenRole.WRITE), Action.TOKEN_RETIRE, otherToken, 403),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.ACCOUNT_MANAGE, own, 200),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.TOKENS_READ, own, 200),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.TOKENS_MANAGE, own, 200),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.TOKEN_RETIRE, otherToken, 200),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.TOKENS_READ, other, 404),
                Arguments.of("fine none", token(TokenRole.FINE_GRAINED, "repo.content.read"), Action.ACCOUNT_READ, own, 200),
                Arguments.of("fine none", token(TokenRole.FINE_GRAINED, "repo.content.read"), Action.TOKENS_READ, own, 403),
                Arguments.of("fine none", token(TokenRole.FINE_GRAINED, "repo.content.read"), Action.TOKEN_RETIRE, ownToken, 200),
                Arguments.of("fine tokens.read", token(TokenRole.FINE_GRAINED, "user.tokens.read"), Action.TOKENS_READ, own, 200),
                Arguments.of("fine tokens.read", token(TokenRole.FINE_GRAINED, "user.tokens.read"), Action.TOKENS_MANAGE, own, 403),
                Arguments.of("fine tokens.write", token(TokenRole.FINE_GRAINED, "user.tokens.write"), Action.TOKENS_READ, own, 200),
                Arguments.of("fine tokens.write", token(TokenRole.FINE_GRAINED, "user.tokens.write"), Action.TOKENS_MANAGE, own, 200),
                Arguments.of("fine tokens.write", token(TokenRole.FINE_GRAINED, "user.tokens.write"), Action.TOKEN_RETIRE, otherToken, 200),
                Arguments.of("fine tokens.write", token(TokenRole.FINE_GRAINED, "user.tokens.write"), Action.ACCOUNT_MANAGE, own, 403),
                Arguments.of("anonymous", Principal.ANONYMOUS, Action.INFERENCE, own, 401),
                Arguments.of("session", session(), Action.INFERENCE, own, 200),
                Arguments.of("read", token(TokenRole.READ), Action.INFERENCE, own, 200),
                Arguments.of("fine none", token(TokenRole.FINE_GRAINED, "repo.content.read"), Action.INFERENCE, own, 403),
                Arguments.of("fine inference", token(TokenRole.FINE_GRAINED, "inference.serverless.write"), Action.INFERENCE, own, 200),
                Arguments.of("read", token(TokenRole.READ), Action.INFERENCE, other, 404),
                Arguments.of("anonymous", Principal.ANONYMOUS, Action.GPG_KEYS_MANAGE, own, 401),
                Arguments.of("session", session(), Action.GPG_KEYS_MANAGE, own, 200),
                Arguments.of("session", session(), Action.GPG_KEYS_MANAGE, other, 404),
                Arguments.of("read", token(TokenRole.READ), Action.GPG_KEYS_MANAGE, own, 403),
                Arguments.of("write", token(TokenRole.WRITE), Action.GPG_KEYS_MANAGE, own, 403),
                Arguments.of("admin", token(TokenRole.ADMIN), Action.GPG_KEYS_MANAGE, own, 200),
                Arguments.of("fine tokens.write", token(TokenRole.FINE_GRAINED, "user.tokens.write"), Action.GPG_KEYS_MANAGE, own, 403),
                Arguments.of("fine gpgKeys.write", token(TokenRole.FINE_GRAINED, "user.gpgKeys.write"), Action.GPG_KEYS_MANAGE, own, 200),
                Arguments.of("fine gpgKeys.write", token(TokenRole.FINE_GRAINED, "user.gpgKeys.write"), Action.TOKENS_MANAGE, own, 403));
    }

    @org.junit.jupiter.api.Test
    void decide_orgAdminWithWriteToken_administeringTheOrg_needsAnAdminToken() {
        NamespaceFacts acme = new NamespaceFacts("acme", true, Optional.empty(), Optional.of("acme"),
                Optional.of(OrgRole.ADMIN), TokenGate.OPEN);

        Decision decision = Access.decide(token(TokenRole.WRITE), Action.ORG_ADMIN, new Resource.Namespace(acme));

        assertThat(decision).isEqualTo(Decision.deny(403, "This token's role is write; administering acme needs an admin token."));
    }

    @ParameterizedTest(name = "{0} {2} on {3} -> {4}")
    @MethodSource("table")
    void decide_row_givesExpectedStatus(String who, Principal principal, Action action, Resource resource, int expected) {
        Decision decision = Access.decide(principal, action, resource);

        int status = decision instanceof Decision.Deny deny ? deny.status() : 200;
        assertThat(status).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {2} on {3}")
    @MethodSource("table")
    void decide_everyRefusal_hasAMessage(String who, Principal principal, Action action, Resource resource, int expected) {
        Decision decision = Access.decide(principal, action, resource);

        if (decision instanceof Decision.Deny deny) {
            assertThat(deny.message()).isNotBlank();
        }
    }
}
