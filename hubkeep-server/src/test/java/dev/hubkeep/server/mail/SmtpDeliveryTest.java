package dev.hubkeep.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail through a real SMTP server: Python's standard-library {@code smtpd} in debugging mode,
 * which accepts every message and prints it.
 */
class SmtpDeliveryTest {

    @TempDir
    Path dir;

    Process smtpServer;
    Path received;
    int port;

    @BeforeEach
    void startSmtpServer() throws Exception {
        port = freePort();
        received = dir.resolve("smtp.out");
        smtpServer = new ProcessBuilder(
                        "python3", "-W", "ignore", "-u", "-m", "smtpd", "-n", "-c", "DebuggingServer", "127.0.0.1:" + port)
                .redirectOutput(received.toFile())
                .redirectErrorStream(true)
                .start();
        awaitListening(port);
    }

    @AfterEach
    void stopSmtpServer() {
        smtpServer.destroyForcibly();
    }

    @Test
    void signup_withSmtpConfigured_verificationMailReachesTheSmtpServer() throws Exception {
        var settings = new SmtpMailer.Settings("127.0.0.1", port, Optional.empty(), Optional.empty(), false, "hub@example.com");
        try (TestHub hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"), Optional.of(settings))) {
            hub.signup(hub.browser(), "alice");

            String mail = awaitContent("verify-email?token=");

            assertThat(mail).contains("To: alice@example.com").contains("Subject: Verify your email address");
            assertThat(hub.mails()).isEmpty();
        }
    }

    @Test
    void send_relayUnreachable_throwsMailException() throws IOException {
        var settings = new SmtpMailer.Settings("127.0.0.1", freePort(), Optional.empty(), Optional.empty(), false, "hub@example.com");
        var mailer = new SmtpMailer(settings, java.time.Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mailer.send(new OutgoingMail("a@example.com", "s", "t")))
                .isInstanceOf(MailException.class);
    }

    private String awaitContent(String needle) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            String text = Files.readString(received, StandardCharsets.UTF_8);
            if (text.contains(needle)) {
                return text;
            }
            Thread.sleep(50); // polling another process's output; there is no clock to move
        }
        throw new AssertionError("The SMTP server received no message containing " + needle);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("python3 -m smtpd did not start listening on " + port);
    }
}
