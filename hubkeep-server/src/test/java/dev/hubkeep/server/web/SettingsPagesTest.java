package dev.hubkeep.server.web;

import static dev.hubkeep.server.web.OrgPagesTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Settings → Profile (full name, password), OpenPGP keys and the audit log, through their pages. */
class SettingsPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    private final TestHub hub = hubs.sqlite();

    @TempDir
    Path dir;

    @Test
    void profile_fullNameSaved_shownOnTheStartPage() {
        Browser alice = signedIn("alice");

        post(alice, "/settings/profile", "/settings/profile", "fullname", "Alice Liddell");

        assertThat(alice.page("/").body()).contains("Alice Liddell");
    }

    @Test
    void profile_fullNameTooLong_400() {
        Browser alice = signedIn("alice");

        Response saved = post(alice, "/settings/profile", "/settings/profile", "fullname", "x".repeat(101));

        assertThat(saved.status()).isEqualTo(400);
    }

    @Test
    void password_changed_newOneSignsIn_oldOneNot() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);

        Response changed = post(alice, "/settings/profile", "/settings/password", "current", "password-of-" + name,
                "password", "a much newer secret", "confirm", "a much newer secret");

        assertThat(changed.status()).isEqualTo(303);
        assertThat(hub.browser().postJson("/api/login", login(name, "a much newer secret")).status()).isEqualTo(200);
        assertThat(hub.browser().postJson("/api/login", login(name, "password-of-" + name)).status()).isEqualTo(401);
    }

    @Test
    void password_changed_otherSessionsSignedOut_thisOneKept() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);
        Browser elsewhere = hub.browser();
        hub.login(elsewhere, name);

        post(alice, "/settings/profile", "/settings/password", "current", "password-of-" + name,
                "password", "a much newer secret", "confirm", "a much newer secret");

        assertThat(elsewhere.get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(alice.get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    void password_wrongCurrent_400AndUnchanged() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);

        Response changed = post(alice, "/settings/profile", "/settings/password", "current", "not it",
                "password", "a much newer secret", "confirm", "a much newer secret");

        assertThat(changed.status()).isEqualTo(400);
        assertThat(hub.browser().postJson("/api/login", login(name, "password-of-" + name)).status()).isEqualTo(200);
    }

    @Test
    void password_confirmationDiffers_400() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);

        Response changed = post(alice, "/settings/profile", "/settings/password", "current", "password-of-" + name,
                "password", "a much newer secret", "confirm", "another secret");

        assertThat(changed.body()).contains("id=\"form-error\"", "differ");
    }

    @Test
    void password_changed_ownerTold() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);

        post(alice, "/settings/profile", "/settings/password", "current", "password-of-" + name,
                "password", "a much newer secret", "confirm", "a much newer secret");

        assertThat(hub.mails().getLast()).contains("To: " + name + "@example.com", "Your password was changed");
    }

    @Test
    void gpgKey_addedOnThePage_listedAndDeleted() {
        String name = hub.uniqueName("alice");
        Browser alice = signedInAs(name);
        try (Gpg gpg = new Gpg(dir.resolve("gnupg"))) {
            String fingerprint = gpg.generate("Alice <" + name + "@example.com>", "1y");

            post(alice, "/settings/gpg-keys", "/settings/gpg-keys", "key", gpg.exportPublic(fingerprint));
            String id = alice.get("/api/settings/gpg-keys").json().get(0).path("id").asText();
            assertThat(alice.page("/settings/gpg-keys").body()).contains(fingerprint.substring(fingerprint.length() - 16));
            post(alice, "/settings/gpg-keys", "/settings/gpg-keys/" + id + "/delete");

            assertThat(alice.get("/api/settings/gpg-keys").json()).isEmpty();
        }
    }

    @Test
    void gpgKey_notAKey_400WithTheParsersMessage() {
        Browser alice = signedIn("alice");

        Response added = post(alice, "/settings/gpg-keys", "/settings/gpg-keys", "key", "hello");

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.body()).contains("id=\"form-error\"");
    }

    @Test
    void auditLog_showsTokenEventsAndTheirAddress() {
        Browser alice = signedIn("alice");
        hub.createToken(alice, "laptop", "read");

        Response log = alice.page("/settings/audit-log");

        assertThat(log.body()).contains("token.create", "from 127.0.0.1");
    }

    @Test
    void auditLog_readToken_refusedAsByTheApi() {
        Browser alice = signedIn("alice");
        String read = hub.createToken(alice, "reader", "read");

        Response page = hub.browser().send(hub.browser().request("/settings/audit-log")
                .header("Authorization", "Bearer " + read).header("Accept", "text/html").GET().build());

        assertThat(page.status()).isEqualTo(403);
    }

    private static String login(String name, String password) {
        return "{\"username\": \"" + name + "\", \"password\": \"" + password + "\"}";
    }

    private Browser signedInAs(String name) {
        hub.verifiedUser(name);
        Browser browser = hub.browser();
        Pages.signIn(browser, name);
        return browser;
    }

    private Browser signedIn(String prefix) {
        return signedInAs(hub.uniqueName(prefix));
    }
}
