package dev.hubkeep.server.oauth;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The code a person types at the verification page: eight letters from an alphabet without vowels
 * (no words) and without look-alikes, shown as {@code BCDF-GHJK}, read back in any case and with
 * or without the dash (RFC 8628, section 6.1). 20^8 codes: with the typing allowance, guessing a
 * live one is hopeless.
 */
final class UserCode {

    static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    static final int LENGTH = 8;

    private UserCode() {}

    static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The stored form of what was typed, or empty when it cannot be a code. */
    static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        String code = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    static String display(String code) {
        return code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
    }
}
