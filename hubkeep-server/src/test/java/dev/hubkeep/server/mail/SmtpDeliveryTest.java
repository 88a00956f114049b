package dev.hubkeep.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail through a real SMTP server: GreenMail's, in this JVM, which accepts every message and keeps it. */
class SmtpDeliveryTest {

    /** Generous: the hub sends while it answers the sign-up, so the mail is normally there at once. */
    private static final long DELIVERY_DEADLINE_MILLIS = 20_000;

    @TempDir
    Path dir;

    GreenMail relay;

    @BeforeEach
    void startRelay() {
        relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        relay.start();
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
    }

    @Test
    void signup_withSmtpConfigured_verificationMailReachesTheRelay() throws Exception {
        try (TestHub hub = TestHub.start(DatabaseKind.SQLITE, dir, Optional.of(settings(relay.getSmtp().getPort())))) {
            assertThat(hub.signup(hub.browser(), "alice").status()).isEqualTo(201);

            assertThat(relay.waitForIncomingEmail(DELIVERY_DEADLINE_MILLIS, 1)).as("a mail within the deadline").isTrue();
        }
        MimeMessage mail = relay.getReceivedMessages()[0];

        assertThat(GreenMailUtil.getAddressList(mail.getAllRecipients())).isEqualTo("alice@example.com");
        assertThat(mail.getSubject()).isEqualTo("Verify your email address");
        assertThat(GreenMailUtil.getBody(mail)).contains("verify-email?token=");
    }

    @Test
    void signup_withSmtpConfigured_nothingInTheOutbox() {
        try (TestHub hub = TestHub.start(DatabaseKind.SQLITE, dir, Optional.of(settings(relay.getSmtp().getPort())))) {
            assertThat(hub.signup(hub.browser(), "alice").status()).isEqualTo(201);

            assertThat(hub.mails()).isEmpty();
        }
    }

    @Test
    void send_relayUnreachable_throwsMailException() throws IOException {
        var mailer = new SmtpMailer(settings(freePort()), Clock.systemUTC());

        assertThatThrownBy(() -> mailer.send(new OutgoingMail("a@example.com", "s", "t"))).isInstanceOf(MailException.class);
    }

    private static SmtpMailer.Settings settings(int port) {
        return new SmtpMailer.Settings("127.0.0.1", port, Optional.empty(), Optional.empty(), false, "hub@example.com");
    }

    /** A port nothing listens on: bound, read, then released. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
