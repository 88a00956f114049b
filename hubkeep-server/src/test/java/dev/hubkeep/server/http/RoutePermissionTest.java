package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the route table itself: every guarded route refuses a token that lacks what it needs. A
 * new route without a guard, or with one that lets a read token through, fails here.
 */
class RoutePermissionTest {

    @TempDir
    Path dir;

    TestHub hub;
    Browser alice;

    @BeforeEach
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
        alice = hub.verifiedUser("alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void everyGuardedRoute_anonymous_401() {
        Browser anonymous = hub.browser();
        for (Route route : guarded()) {
            var response = anonymous.send(request(anonymous, route, "").build());
            assertThat(response.status()).as(route.method() + " " + route.path() + " " + response.body()).isEqualTo(401);
        }
    }

    @Test
    void everyTokenRoute_readTokenOfSomeoneElse_refused() {
        // A read token of the same user can do ACCOUNT_READ and retire itself; everything else must refuse it.
        String reader = hub.createToken(alice, "reader", "read");
        String someOtherId = "0".repeat(24);
        for (Route route : guarded()) {
            if (route.guard().decides().orElseThrow() == dev.hubkeep.server.access.Action.ACCOUNT_READ) {
                continue;
            }
            // A read token may call inference (the guides): the model list answers with what it may use.
            if (route.path().equals("/v1/models")) {
                continue;
            }
            HttpRequest request = request(hub.browser(), route, someOtherId)
                    .header("Authorization", "Bearer " + reader)
                    .build();
            int status = hub.browser().send(request).status();
            assertThat(status).as(route.method() + " " + route.path()).isIn(403, 404);
        }
    }

    @Test
    void everyManageRoute_ownersWriteToken_allowed_deleteRoutes_refuseItNamingTheAdminRole() {
        for (String type : List.of("model", "dataset", "space")) {
            assertThat(alice.postJson("/api/repos/create", """
                    {"name": "own", "type": "%s"}""".formatted(type)).status()).isEqualTo(200);
        }
        String writer = hub.createToken(alice, "writer", "write");
        List<Action> managing = List.of(Action.REPO_MANAGE, Action.REPO_ADMIN);
        // The API's routes: a page's form also needs the CSRF token of its page (PageSecurityTest, RepoSettingsPagesTest).
        List<Route> routes = hub.hub().routes().stream()
                .filter(r -> !r.page())
                .filter(r -> r.guard().decides().filter(managing::contains).isPresent())
                .toList();
        assertThat(routes).extracting(Route::path)
                .contains("/api/models/{ns}/{name}/settings", "/api/repos/move", "/api/repos/delete");

        for (Route route : routes) {
            String type = route.path().startsWith("/api/datasets") ? "dataset" : route.path().startsWith("/api/spaces") ? "space" : "model";
            HttpRequest request = hub.browser().request(route.path().replace("{ns}", "alice").replace("{name}", "own"))
                    .header("Authorization", "Bearer " + writer)
                    .header("Content-Type", "application/json")
                    .method(route.method().name(), HttpRequest.BodyPublishers.ofString("""
                            {"name": "own", "type": "%s", "gated": "manual", "fromRepo": "alice/own", "toRepo": "alice/own"}"""
                            .formatted(type)))
                    .build();
            var response = hub.browser().send(request);

            if (route.guard().decides().orElseThrow() == Action.REPO_MANAGE) {
                assertThat(response.status()).as(route.method() + " " + route.path() + " " + response.body()).isEqualTo(200);
            } else {
                assertThat(response.status()).as(route.method() + " " + route.path()).isEqualTo(403);
                assertThat(response.error()).as(route.path()).endsWith("needs an admin token.");
            }
        }
    }

    @Test
    void routeTable_everyApiSettingsRoute_isGuarded() {
        List<Route> unguarded = hub.hub().routes().stream()
                .filter(r -> r.path().startsWith("/api/settings"))
                .filter(r -> r.guard().decides().isEmpty())
                .toList();

        assertThat(unguarded).isEmpty();
    }

    private List<Route> guarded() {
        return hub.hub().routes().stream().filter(r -> r.guard().decides().isPresent()).toList();
    }

    /** A request to the route with every path parameter filled and a body every handler can read. */
    private static HttpRequest.Builder request(Browser browser, Route route, String id) {
        String path = route.path()
                .replace("{id}", id.isEmpty() ? "0".repeat(24) : id)
                .replace("{ns}", "alice")
                .replace("{name}", "no-such-repo")
                .replace("{org}", "no-such-org")
                .replace("{user}", "alice")
                .replace("{rev}", "main")
                .replace("{sha}", "main")
                .replace("{branch}", "dev")
                .replace("{tag}", "v1")
                .replace("{status}", "pending")
                .replace("<path>", "README.md");
        return browser.request(path)
                .header("Content-Type", "application/json")
                .method(route.method().name(), HttpRequest.BodyPublishers.ofString("""
                        {"name": "x", "role": "read", "fromRepo": "alice/x", "toRepo": "alice/y", "token": "x",
                         "private": true, "model": "alice/no-such-repo", "inputs": "x"}"""));
    }
}
