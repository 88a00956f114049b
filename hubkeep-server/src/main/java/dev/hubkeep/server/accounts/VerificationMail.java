package dev.hubkeep.server.accounts;

import dev.hubkeep.server.mail.OutgoingMail;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The message that carries an email verification link. */
final class VerificationMail {

    private VerificationMail() {}

    static OutgoingMail compose(User user, String email, String secret, String publicUrl, Duration validFor) {
        String link = publicUrl + "/verify-email?token=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String text = "Hello " + user.username() + ",\n\n"
                + "please confirm that " + email + " is your email address by opening this link:\n\n"
                + link + "\n\n"
                + "The link works once and expires in " + validFor.toHours() + " hours.\n"
                + "If you did not sign up at " + publicUrl + ", ignore this message.\n";
        return new OutgoingMail(email, "Verify your email address", text);
    }
}
