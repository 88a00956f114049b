package dev.hubkeep.server.mail;

/** A message could not be handed over; nothing was delivered. */
public final class MailException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
