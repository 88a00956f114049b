package dev.hubkeep.server.mail;

/** Delivers mail: through SMTP when configured, else into the data directory's outbox. */
public interface Mailer {

    /** Delivers or throws {@link MailException}; never half-delivers. */
    void send(OutgoingMail mail);
}
