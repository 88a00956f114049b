package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.InvalidInputException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * A plain mailbox address ({@code local@domain.tld}), checked by the mail library's strict parser;
 * the domain must be a name, never an IP address or an address literal.
 */
public final class EmailAddress {

    private static final int MAX_LENGTH = 254;

    private EmailAddress() {}

    /** Returns the trimmed address if it can receive mail, else says why not. */
    public static String validate(String email) {
        String trimmed = email.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
            throw new InvalidInputException("Email must be a valid address of at most " + MAX_LENGTH + " characters.");
        }
        String domainPart = trimmed.substring(trimmed.lastIndexOf('@') + 1);
        if (domainPart.startsWith("[") || domainPart.matches(".*\\.[0-9]+")) {
            // a@[127.0.0.1] and a@127.0.0.1 name a machine, not a mail domain: mail to them would go
            // wherever the hub's network routes it, internal hosts included.
            throw new InvalidInputException("Email '" + trimmed + "' must end in a domain name (like example.com),"
                    + " not an IP address.");
        }
        try {
            InternetAddress parsed = new InternetAddress(trimmed, true);
            parsed.validate();
            String domain = trimmed.substring(trimmed.lastIndexOf('@') + 1);
            // The parser also accepts "Name <a@b>" and bare host names; an account wants a mailbox.
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(trimmed) || !domain.contains(".")) {
                throw new AddressException("not a plain mailbox");
            }
        } catch (AddressException e) {
            throw new InvalidInputException("Email '" + trimmed + "' is not a valid address.");
        }
        return trimmed;
    }

    /** The form under which addresses are compared and indexed. */
    public static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
