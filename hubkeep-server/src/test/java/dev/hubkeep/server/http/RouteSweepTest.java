package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.git.GitEntry;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the spirit of Gitea's TestAPIDeniesPermissionBasedOnTokenScope: for every guarded route taken
 * from the router itself, a caller holding everything except what the route's action needs is
 * refused with the status the decision's table gives, and nothing changes. A new action without a
 * row here fails to compile (the switch is exhaustive); a new route is swept automatically.
 *
 * <p>The world: alice admins organization acme with private repository acme/secret and owns the
 * private alice/own, and has a write token; bob is a write member of acme with read, write and admin tokens.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(DatabaseKind.class)
class RouteSweepTest {

    @org.junit.jupiter.params.Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    String read;
    String write;
    String admin;
    String aliceWrite;
    String bobsOtherTokenId;
    String readWithoutInference;

    /** Who almost may, and what they must get. */
    record Probe(String token, String repoNamespace, String repoName, int expected) {}

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        Browser alice = hub.verifiedUser("alice");
        Browser bob = hub.verifiedUser("bob");
        hub.createOrg(alice, "acme");
        for (String type : List.of("model", "dataset", "space")) {
            for (String repo : List.of("acme/secret", "alice/own")) {
                assertThat(alice.postJson("/api/repos/create", """
                        {"name": "%s", "type": "%s", "private": true}""".formatted(repo, type)).status()).isEqualTo(200);
            }
        }
        hub.addMember(alice, "acme", "bob", "write");
        read = hub.createToken(bob, "read", "read");
        write = hub.createToken(bob, "write", "write");
        admin = hub.createToken(bob, "admin", "admin");
        hub.createToken(bob, "other", "read");
        bobsOtherTokenId = bob.get("/api/settings/tokens").json().get(3).path("id").asText();
        aliceWrite = hub.createToken(alice, "write", "write");
        readWithoutInference = hub.createToken(bob, """
                {"name": "no-inference", "role": "fineGrained", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]}]}}""");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** Who almost may: short of the right in the organization, or (where both can be) in the token's role. */
    private List<Probe> probesFor(Action action) {
        return switch (action) {
            case ACCOUNT_READ -> List.of(new Probe(null, "acme", "secret", 401));
            case ACCOUNT_MANAGE, TOKENS_READ, TOKENS_MANAGE, TOKEN_RETIRE, GPG_KEYS_MANAGE -> List.of(new Probe(write, "acme", "secret", 403));
            case ORG_CREATE, REPO_CREATE, REPO_WRITE, REPO_MANAGE -> List.of(new Probe(read, "acme", "secret", 403));
            // bob's role in acme is write; alice admins it, but her token's role is write
            case ORG_ADMIN, REPO_ADMIN -> List.of(new Probe(admin, "acme", "secret", 403), new Probe(aliceWrite, "acme", "secret", 403));
            case REPO_READ -> List.of(new Probe(admin, "alice", "own", 404));
            case REPO_REQUEST_ACCESS -> List.of(new Probe(null, "acme", "secret", 401));
            // bob is a member of acme, but leaving takes a session or an admin token
            case ORG_LEAVE -> List.of(new Probe(write, "acme", "secret", 403));
            // bob's admin token, but bob is not an administrator of the hub
            case USERS_ADMIN -> List.of(new Probe(admin, "acme", "secret", 403));
            // reads acme/secret, but its fine-grained grants lack inference.serverless.write
            case INFERENCE -> List.of(new Probe(readWithoutInference, "acme", "secret", 403));
        };
    }

    @Test
    void everyGuardedRoute_callerLackingOnlyTheNeededRight_refusedAsTheTableSays() {
        List<String> wrong = new ArrayList<>();
        for (Route route : hub.hub().routes()) {
            if (route.guard().decides().isEmpty()) {
                continue;
            }
            for (Probe probe : probesFor(route.guard().decides().get())) {
                Response response = hub.browser().send(request(route, probe));
                if (response.status() != probe.expected()) {
                    wrong.add(route.method() + " " + route.path() + " -> " + response.status() + " " + response.body());
                }
            }
        }

        assertThat(wrong).isEmpty();
    }

    /**
     * Every git and LFS entry of the binding table beside the route table, probed by who almost may,
     * over git's Basic authentication: a new entry is swept automatically, and a new kind of guard
     * fails to compile until it has its probes here.
     */
    @Test
    void everyGitEntry_callerLackingOnlyTheNeededRight_refused() {
        List<String> wrong = new ArrayList<>();
        for (GitEntry entry : GitEntry.values()) {
            List<GitProbe> probes = switch (entry.needs()) {
                case READ -> List.of(new GitProbe(null, "acme/secret", "", "", 401), new GitProbe(admin, "alice/own", "", "", 404));
                case WRITE -> List.of(new GitProbe(read, "acme/secret", "", "", 403));
                case READ_OR_WRITE_BY_SERVICE -> List.of(
                        new GitProbe(read, "acme/secret", "?service=git-receive-pack", "", 403),
                        new GitProbe(admin, "alice/own", "?service=git-upload-pack", "", 404));
                case READ_OR_WRITE_BY_OPERATION -> List.of(
                        new GitProbe(read, "acme/secret", "", "{\"operation\": \"upload\", \"objects\": []}", 403),
                        new GitProbe(admin, "alice/own", "", "{\"operation\": \"download\", \"objects\": []}", 404));
                case SIGNED_LINK -> List.of(new GitProbe(admin, "acme/secret", "", "", 401));
            };
            for (GitProbe probe : probes) {
                String path = entry.template().replace("/[{type}s/]{ns}/{name}[.git]/", "/" + probe.repo() + ".git/")
                        .replace("{oid}", "a".repeat(64)).replace("{part}", "1") + probe.query();
                HttpRequest.Builder builder = hub.browser().request(path)
                        .method(entry.method(), HttpRequest.BodyPublishers.ofString(probe.body()));
                if (probe.token() != null) {
                    builder.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(("bob:" + probe.token()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                Response response = hub.browser().send(builder.build());
                if (response.status() != probe.expected()) {
                    wrong.add(entry + " " + entry.method() + " " + path + " -> " + response.status() + " " + response.body());
                }
            }
        }

        assertThat(wrong).isEmpty();
    }

    /** A git or LFS request from who almost may, and the status they must get. */
    record GitProbe(String token, String repo, String query, String body, int expected) {}

    @Test
    void sweep_changesNothing() {
        for (Route route : hub.hub().routes()) {
            route.guard().decides().ifPresent(action -> probesFor(action).forEach(probe -> hub.browser().send(request(route, probe))));
        }

        Browser alice = hub.browser();
        hub.login(alice, "alice");
        assertThat(alice.get("/api/models/acme/secret").json().path("private").asBoolean()).isTrue();
        assertThat(alice.get("/api/organizations/acme/members").json()).hasSize(2);
        assertThat(hub.withToken(read).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    private HttpRequest request(Route route, Probe probe) {
        String path = route.path()
                .replace("{ns}", probe.repoNamespace())
                .replace("{name}", probe.repoName())
                .replace("{org}", "acme")
                .replace("{user}", "bob")
                .replace("{id}", bobsOtherTokenId)
                .replace("{rev}", "main")
                .replace("{sha}", "main")
                .replace("{branch}", "dev")
                .replace("{tag}", "v1")
                .replace("{status}", "pending")
                .replace("<path>", "README.md");
        HttpRequest.Builder builder = hub.browser().request(path)
                .header("Content-Type", "application/json")
                .method(route.method().name(), HttpRequest.BodyPublishers.ofString("""
                        {"name": "secret", "organization": "acme", "fromRepo": "acme/secret", "toRepo": "acme/moved",
                         "role": "read", "private": false, "token": "%s", "model": "%s/%s", "inputs": "x",
                         "messages": [{"role": "user", "content": "x"}]}""".formatted(read, probe.repoNamespace(),
                        probe.repoName())));
        if (probe.token() != null) {
            builder.header("Authorization", "Bearer " + probe.token());
        }
        return builder.build();
    }
}
