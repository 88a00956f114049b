package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.oauth.OAuthClients;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Chromium;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * axe-core (from npm, pinned in acceptance/js, installed by ./run-tests) finds no serious or critical
 * accessibility violation on any page: each page is opened in Debian's headless Chromium, axe is
 * injected into it and run; signed in as an owner, organization admin and the hub's administrator,
 * then as a visitor.
 */
class AccessibilityTest {

    static final Path AXE = Path.of("..", "acceptance", "js", "node_modules", "axe-core", "axe.min.js");

    @TempDir
    static Path dir;

    static TestHub hub;
    static ChromeDriver browser;
    static String axe;
    static String tokenId;
    static String commit;
    static String userCode;
    static String publisherId;

    @BeforeAll
    static void world() throws IOException {
        assertThat(AXE).as("axe-core from npm: ./run-tests installs it (cd acceptance/js && npm ci)").exists();
        axe = Files.readString(AXE);
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        // alice administers the hub too: its Accounts pages are checked with the rest.
        hub.hub().accounts().createByOperator(new SignupRequest("alice", "alice@example.com", "password-of-alice",
                Optional.empty()), true, true);
        Browser alice = hub.browser();
        hub.login(alice, "alice");
        Browser bob = hub.verifiedUser("bob");
        Browser dave = hub.verifiedUser("dave");
        hub.createRepo(dave, "dave", "model", true);
        alice.deleteJson("/api/admin/users/dave", "");
        hub.createOrg(alice, "acme");
        hub.createOrg(alice, "labs"); // no repositories: its Delete page shows the form, acme's lists acme/model
        hub.createRepo(alice, "acme", "model", false);
        hub.addMember(alice, "acme", "bob", "read");
        hub.createRepo(alice, "alice", "bert", false);
        hub.createRepo(alice, "alice", "llama", false);
        alice.putJson("/api/models/alice/llama/settings", "{\"gated\": \"manual\"}");
        bob.postJson("/alice/llama/ask-access", "{\"reason\": \"research\"}");
        alice.postJson("/api/organizations/acme/service-accounts", "{\"name\": \"ci-bot\", \"role\": \"write\"}");
        alice.postJson("/api/organizations/acme/settings/access-tokens", """
                {"serviceAccount": "ci-bot", "name": "pull", "fineGrained": {"scoped": [
                  {"entity": {"type": "org", "name": "acme"}, "permissions": ["repo.content.read"]}]}}""");
        alice.postJson("/api/settings/trusted-publishers", """
                {"name": "release", "issuer": "https://token.actions.githubusercontent.com",
                 "claims": {"repository": "alice/train", "ref": "refs/heads/main"}, "repositories": ["alice/bert"],
                 "access": "write"}""");
        publisherId = alice.get("/api/settings/trusted-publishers").json().get(0).path("id").asText();
        alice.postJson("/api/organizations/acme/settings/trusted-publishers", """
                {"name": "pull", "issuer": "https://token.actions.githubusercontent.com", "serviceAccount": "ci-bot",
                 "claims": {"sub": "system:serviceaccount:ml:trainer"}, "repositories": ["acme/model"], "access": "read"}""");
        hub.createToken(alice, "laptop", "read");
        tokenId = alice.get("/api/settings/tokens").json().get(0).path("id").asText();
        commit = hub.withToken(hub.createToken(alice, "writer", "write"))
                .postNdjson("/api/models/alice/bert/commit/main", RepoPagesTest.commit("Add the card",
                        RepoPagesTest.file("README.md", "# bert\n\nA model.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
                        RepoPagesTest.file("config.json", "{}"), RepoPagesTest.file("tokenizer/vocab.txt", "[PAD]\n")))
                .json().path("commitOid").asText();
        Browser cli = hub.browser();
        userCode = cli.send(cli.request("/oauth/device").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + OAuthClients.HUGGINGFACE_HUB)).build())
                .json().path("user_code").asText();
        browser = Chromium.start(dir.resolve("profile"), 1200, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
    }

    @Test
    void everyPage_noSeriousOrCriticalViolation() throws IOException {
        List<String> found = new ArrayList<>();
        for (String path : List.of("/", "/login", "/join", "/logout", "/alice/bert", "/nobody-here/nothing")) {
            found.addAll(check(path));
        }
        signIn();
        for (String path : List.of("/", "/settings/profile", "/settings/tokens", "/settings/tokens/new",
                "/settings/tokens/" + tokenId, "/settings/tokens/" + tokenId + "/delete", "/settings/gpg-keys",
                "/settings/audit-log", "/settings/usage", "/new", "/organizations/new", "/acme", "/alice",
                "/organizations/acme/settings/members", "/organizations/acme/settings/tokens",
                "/organizations/acme/settings/access-tokens", "/settings/trusted-publishers",
                "/settings/trusted-publishers/" + publisherId + "/delete", "/organizations/acme/settings/trusted-publishers",
                "/organizations/acme/settings/delete", "/organizations/labs/settings/delete", "/organizations/acme/leave",
                "/admin/users", "/admin/users/bob", "/admin/users/dave", "/admin/users/alice",
                "/organizations/acme/settings/audit-log", "/organizations/acme/settings/usage", "/alice/bert",
                "/alice/bert/tree/main",
                "/alice/bert/tree/main/tokenizer", "/alice/bert/blob/main/config.json", "/alice/bert/commits/main",
                "/alice/bert/commit/" + commit, "/alice/bert/settings", "/alice/llama/access-requests",
                "/alice/bert/edit/main/README.md", "/alice/bert/edit/main/NEW.md", "/alice/bert/upload/main",
                "/alice/bert/upload/main/tokenizer", "/alice/bert/delete/main/config.json", "/alice/bert/delete/main/tokenizer",
                "/oauth/device", "/oauth/device?user_code=" + userCode, "/alice/nothing")) {
            found.addAll(check(path));
        }
        // Pages that answer a form: a new token's value, the device login approved.
        open("/settings/tokens/new");
        browser.findElement(By.name("name")).sendKeys("throwaway");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("token-value")));
        found.addAll(violations("POST /settings/tokens/new"));
        open("/organizations/acme/settings/access-tokens");
        browser.findElement(By.cssSelector("#new-token input[name=name]")).sendKeys("ci-upload");
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("token-value")));
        found.addAll(violations("POST /organizations/acme/settings/access-tokens"));
        open("/oauth/device?user_code=" + userCode);
        browser.findElement(By.cssSelector("#approve button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        found.addAll(violations("POST /oauth/device/approve"));

        // The editor's answers: a refused edit (its form again, with the reason), an upload's progress.
        open("/alice/bert/edit/main/README.md");
        browser.executeScript("document.querySelector('input[name=parent]').value = '" + "0".repeat(40) + "';");
        browser.findElement(By.cssSelector("#edit button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("form-error")));
        found.addAll(violations("POST /alice/bert/edit/main/README.md (refused)"));
        open("/alice/bert/upload/main");
        browser.executeScript("document.getElementById('upload-progress').hidden = false;");
        found.addAll(violations("/alice/bert/upload/main (progress shown)"));

        assertThat(found).isEmpty();
    }

    @Test
    void harness_pageWithAnImageWithoutText_reported() throws IOException {
        open("/login");
        browser.executeScript("const img = document.createElement('img'); img.src = 'data:,';"
                + " document.querySelector('main').appendChild(img);");

        assertThat(violations("/login")).anyMatch(v -> v.contains("critical image-alt"));
    }

    private static List<String> check(String path) throws IOException {
        open(path);
        return violations(path);
    }

    private static void open(String path) {
        browser.get(hub.uri().resolve(path).toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    }

    /** axe's serious and critical violations on the page as it is now. */
    private static List<String> violations(String path) throws IOException {
        browser.executeScript(axe);
        Object result = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)),"
                + " e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));");
        List<String> found = new ArrayList<>();
        for (JsonNode violation : new ObjectMapper().readTree(String.valueOf(result))) {
            String impact = violation.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
                found.add(path + ": " + impact + " " + violation.path("id").asText() + " (" + violation.path("help").asText()
                        + ") at " + String.join(", ", targets.subList(0, Math.min(5, targets.size()))));
            }
        }
        return found;
    }

    private static void signIn() {
        browser.get(hub.uri().resolve("/login").toString());
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("password-of-alice");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.className("who")));
    }
}
