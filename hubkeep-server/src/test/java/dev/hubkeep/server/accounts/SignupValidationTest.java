package dev.hubkeep.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad sign-up input gets a 4xx with a clear {"error"} and creates nothing, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class SignupValidationTest {

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Browser browser;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir);
        browser = hub.browser();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void signup_malformedJson_400() {
        Response response = browser.postJson("/api/signup", "{\"username\": \"alice\",");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("The request body is not valid JSON.");
    }

    @Test
    void signup_jsonArrayInsteadOfObject_400() {
        Response response = browser.postJson("/api/signup", "[1, 2]");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("The request body must be a JSON object.");
    }

    @Test
    void signup_missingPassword_400NamesTheField() {
        Response response = browser.postJson("/api/signup", """
                {"username": "alice", "email": "alice@example.com"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("'password' is required.");
    }

    @Test
    void signup_usernameOfWrongType_400NamesTheField() {
        Response response = browser.postJson("/api/signup", """
                {"username": 42, "email": "alice@example.com", "password": "long enough"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("'username' must be a string.");
    }

    @Test
    void signup_tenMegabyteBody_413AndErrorHeader() {
        String huge = "{\"username\": \"" + "a".repeat(10 * 1024 * 1024) + "\"}";

        Response response = browser.postJson("/api/signup", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("X-Error-Message")).contains("The request body is larger than 1024 KiB.");
    }

    @Test
    void signup_chunkedBodyOverLimit_413() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpRequest request = browser.request("/api/signup")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();

        assertThat(browser.send(request).status()).isEqualTo(413);
    }

    @Test
    void signup_usernameTakenInOtherCase_409() {
        hub.signup(browser, "alice");

        Response response = browser.postJson("/api/signup", """
                {"username": "ALICE", "email": "other@example.com", "password": "password-of-other"}""");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.error()).isEqualTo("The username 'ALICE' is already taken.");
    }

    @Test
    void signup_emailTakenInOtherCase_answeredAsASuccess() {
        Response fresh = hub.signup(browser, "carol");
        hub.signup(browser, "alice");

        Response response = browser.postJson("/api/signup", """
                {"username": "bob", "email": "Alice@EXAMPLE.com", "password": "password-of-bob"}""");

        assertThat(response.status()).isEqualTo(fresh.status());
        assertThat(fieldNames(response)).isEqualTo(fieldNames(fresh));
        assertThat(response.json().path("username").asText()).isEqualTo("bob");
    }

    @Test
    void signup_emailTaken_existingOwnerMailedAndNoAccountMade() {
        hub.signup(browser, "alice");

        browser.postJson("/api/signup", """
                {"username": "bob", "email": "alice@example.com", "password": "password-of-bob"}""");

        assertThat(hub.mails()).hasSize(2);
        assertThat(hub.mails().get(1)).contains("To: alice@example.com").contains("already has an account");
        assertThat(hub.login(browser, "bob").status()).isEqualTo(401);
    }

    private static java.util.List<String> fieldNames(Response response) {
        java.util.List<String> names = new java.util.ArrayList<>();
        response.json().fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void signup_invalidUsername_400AndNoAccount() {
        Response response = browser.postJson("/api/signup", """
                {"username": "-alice", "email": "alice@example.com", "password": "password-of-alice"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(hub.signup(browser, "alice").status()).isEqualTo(201);
    }

    @Test
    void signup_reservedUsername_400() {
        Response response = browser.postJson("/api/signup", """
                {"username": "Settings", "email": "s@example.com", "password": "password-of-settings"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("The username 'Settings' is reserved.");
    }

    @Test
    void signup_shortPassword_400() {
        Response response = browser.postJson("/api/signup", """
                {"username": "alice", "email": "alice@example.com", "password": "1234567"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("Password must be at least 8 characters long.");
    }

    @Test
    void signup_passwordEqualToUsername_400() {
        Response response = browser.postJson("/api/signup", """
                {"username": "alice-the-great", "email": "alice@example.com", "password": "Alice-The-Great"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("Password must not be the same as your username or email.");
    }

    @Test
    void signup_invalidEmail_400() {
        Response response = browser.postJson("/api/signup", """
                {"username": "alice", "email": "alice at example", "password": "password-of-alice"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("Email 'alice at example' is not a valid address.");
    }

    @Test
    void signup_refused_writesNoMail() {
        browser.postJson("/api/signup", """
                {"username": "alice", "email": "alice@example.com", "password": "short"}""");

        assertThat(hub.mails()).isEmpty();
    }

    @Test
    void verifyEmail_tokenOfWrongType_400() {
        Response response = browser.postJson("/api/verify-email", "{\"token\": [\"x\"]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("'token' must be a string.");
    }
}
