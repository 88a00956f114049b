package dev.hubkeep.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The random secrets behind session cookies and verification links: 256 bits, URL-safe. Only
 * their SHA-256 digest is stored, so a copy of the database opens no session and verifies no
 * address. A plain hash suffices here: the secret has full entropy, there is nothing to guess.
 */
public final class OpaqueSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueSecret() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String digest(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
