package dev.hubkeep.protocol;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The shape of a Hubkeep access token: {@code hf_}, 34 random base62 characters, then 6 base62
 * characters holding the CRC32 of everything before them (big-endian, zero-padded); 43 in all.
 *
 * <p>The prefix is what the Hub's clients demand. The checksum is not a secret and not a MAC: it
 * lets the server refuse a typo, a truncated paste or a made-up string without touching the
 * database, lets a client tell its user "this token was not copied whole" without a network call,
 * and lets a secret scanner recognise a Hubkeep token with no false positives. The public Hub's
 * own tokens are {@code hf_} and 34 letters (37 characters), so the two never look alike.
 */
public final class TokenFormat {

    public static final String PREFIX = "hf_";
    public static final int RANDOM_LENGTH = 34;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a string is not a well-formed token; ordered from the coarsest check to the finest. */
    public enum Problem {
        WRONG_PREFIX("it does not start with hf_"),
        WRONG_LENGTH("it is not " + LENGTH + " characters long"),
        FOREIGN_CHARACTER("it contains a character that no token contains"),
        BAD_CHECKSUM("its last 6 characters do not match the rest");

        private final String explanation;

        Problem(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    private TokenFormat() {}

    /** A new token from the system's secure random source: about 202 bits of randomness. */
    public static String generate() {
        StringBuilder token = new StringBuilder(LENGTH).append(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.append(checksum(token)).toString();
    }

    /** Empty if {@code candidate} is a well-formed token (checked exactly: no trimming), else why not. */
    public static Optional<Problem> check(CharSequence candidate) {
        if (candidate.length() < PREFIX.length() || !PREFIX.contentEquals(candidate.subSequence(0, PREFIX.length()))) {
            return Optional.of(Problem.WRONG_PREFIX);
        }
        if (candidate.length() != LENGTH) {
            return Optional.of(Problem.WRONG_LENGTH);
        }
        // One pass: check the alphabet and gather the bytes the checksum covers.
        byte[] body = new byte[LENGTH - CHECKSUM_LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = candidate.charAt(i);
            if (i >= PREFIX.length() && digit(c) < 0) {
                return Optional.of(Problem.FOREIGN_CHARACTER);
            }
            if (i < body.length) {
                body[i] = (byte) c;
            }
        }
        long expected = crc32(body);
        long given = 0;
        for (int i = body.length; i < LENGTH; i++) {
            given = given * 62 + digit(candidate.charAt(i));
        }
        return given == expected ? Optional.empty() : Optional.of(Problem.BAD_CHECKSUM);
    }

    public static boolean isWellFormed(CharSequence candidate) {
        return check(candidate).isEmpty();
    }

    /** What a human pasted, without the spaces and line breaks around it. */
    public static String trimPasted(String pasted) {
        return pasted.strip();
    }

    /** The part shown in lists: the first 6 and the last 4 characters. */
    public static String hint(String token) {
        return token.substring(0, 6) + "…" + token.substring(token.length() - 4);
    }

    /** The 6-character checksum of {@code body} (prefix and random part). */
    static String checksum(CharSequence body) {
        byte[] bytes = new byte[body.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) body.charAt(i); // every character is ASCII, so one byte each
        }
        long value = crc32(bytes);
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
