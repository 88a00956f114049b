package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** No password, session cookie, verification secret or Authorization value ever reaches a log line. */
class LogScrubbingTest {

    @TempDir
    Path dir;

    TestHub hub;
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        captured.start();
        root.addAppender(captured);
        hub = TestHub.start(DatabaseKind.SQLITE, dir);
    }

    @AfterEach
    void stop() {
        hub.close();
        root.detachAppender(captured);
    }

    @Test
    void accountFlow_logsNoSecret() {
        Browser browser = hub.browser();
        hub.signup(browser, "alice");
        String verification = hub.verificationToken("alice@example.com");
        browser.get("/verify-email?token=" + verification);
        hub.login(browser, "alice");
        String cookie = browser.cookie("hubkeep_session").orElseThrow().getValue();
        browser.send(browser.request("/healthz").header("Authorization", "Bearer hf_secretvalue123").GET().build());
        browser.postJson("/api/logout", "{}");

        String logs = captured.list.stream().map(this::render).collect(Collectors.joining("\n"));

        assertThat(logs).contains("POST /api/login 200");
        assertThat(logs).doesNotContain("password-of-alice", cookie, verification, "hf_secretvalue123");
    }

    @Test
    void tokenFlow_logsNoTokenValue() {
        Browser alice = hub.verifiedUser("alice");
        String token = hub.createToken(alice, "ci", "write");
        hub.withToken(token).get("/api/whoami-v2");
        hub.withToken(token).getWithBasic("/api/whoami-v2", "git");
        String id = alice.get("/api/settings/tokens").json().get(0).path("id").asText();
        String refreshed = alice.postJson("/api/settings/tokens/" + id + "/refresh", "{}").json().path("token").asText();
        hub.withToken(token).get("/api/whoami-v2"); // the old value, refused
        hub.browser().postJson("/api/credentials/revoke", "{\"credentials\": [\"" + refreshed + "\"]}");
        hub.hub().flushPendingWrites();

        String logs = captured.list.stream().map(this::render).collect(Collectors.joining("\n"));

        assertThat(logs).contains("POST /api/credentials/revoke 202");
        assertThat(logs).doesNotContain(token, refreshed, "hf_");
    }

    private String render(ILoggingEvent event) {
        String thrown = event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage();
        return event.getFormattedMessage() + " " + thrown;
    }
}
