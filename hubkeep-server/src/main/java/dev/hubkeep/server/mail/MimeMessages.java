package dev.hubkeep.server.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Date;

/** Builds the RFC 5322 message both delivery paths send, so the outbox shows exactly what SMTP would. */
final class MimeMessages {

    private MimeMessages() {}

    static MimeMessage build(Session session, OutgoingMail mail, String from, Clock clock) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(mail.to()));
        message.setSubject(mail.subject(), "UTF-8");
        message.setText(mail.text(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.saveChanges();
        return message;
    }
}
