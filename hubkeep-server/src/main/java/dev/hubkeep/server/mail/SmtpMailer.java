package dev.hubkeep.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;

/** Sends through an SMTP relay, with STARTTLS and login when configured. */
public final class SmtpMailer implements Mailer {

    /** Where and how to reach the relay; the password is never printed by {@link #toString()}. */
    public record Settings(
            String host, int port, Optional<String> username, Optional<String> password, boolean startTls, String from) {
        @Override
        public String toString() {
            return "smtp://" + username.map(u -> u + "@").orElse("") + host + ":" + port;
        }
    }

    private static final String TIMEOUT_MILLIS = "15000";

    private final Settings settings;
    private final Clock clock;
    private final Session session;

    public SmtpMailer(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", settings.host());
        props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        props.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.smtp.timeout", TIMEOUT_MILLIS);
        props.setProperty("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        props.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        this.session = Session.getInstance(props);
    }

    @Override
    public void send(OutgoingMail mail) {
        try {
            var message = MimeMessages.build(session, mail, settings.from(), clock);
            if (settings.username().isPresent()) {
                Transport.send(message, settings.username().get(), settings.password().orElse(""));
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new MailException("Could not send mail through " + settings, e);
        }
    }
}
