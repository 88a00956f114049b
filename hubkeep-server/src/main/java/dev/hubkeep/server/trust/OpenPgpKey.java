package dev.hubkeep.server.trust;

import dev.hubkeep.server.errors.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * An OpenPGP public key as a user adds it (ASCII-armored, as {@code gpg --armor --export} prints
 * it), read with Bouncy Castle. Only what the key itself certifies counts: the emails of user IDs
 * it signed, and the subkeys it bound.
 *
 * @param fingerprint the primary key's fingerprint, upper-case hex
 * @param keyId the primary key's long key id, 16 upper-case hex
 * @param keyIds the key ids of the primary key and every bound subkey: a signature names one of them
 * @param emails the emails of the self-certified user IDs, lower-case
 */
public record OpenPgpKey(
        String fingerprint,
        String keyId,
        List<String> keyIds,
        List<String> emails,
        Instant createdAt,
        Optional<Instant> expiresAt,
        String armored) {

    static final int MAX_ARMORED_CHARS = 64 * 1024;
    private static final String PUBLIC_HEADER = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String EXPORT_HINT = "gpg --armor --export KEYID";

    /** Reads one public key, refusing with what is wrong: not a key, a private key, several keys, revoked, expired. */
    public static OpenPgpKey parse(String armored, Instant now) {
        String text = armored.strip();
        if (text.length() > MAX_ARMORED_CHARS) {
            throw new InvalidInputException("A public key is at most " + MAX_ARMORED_CHARS + " characters; this is "
                    + text.length() + ".");
        }
        if (text.contains("PRIVATE KEY BLOCK")) {
            throw new InvalidInputException("This is a private key: never share it. Add the public key, as "
                    + EXPORT_HINT + " prints it.");
        }
        if (!text.startsWith(PUBLIC_HEADER)) {
            throw new InvalidInputException("This is not an ASCII-armored OpenPGP public key: it must start with "
                    + PUBLIC_HEADER + ", as " + EXPORT_HINT + " prints it.");
        }
        PGPPublicKeyRing ring = onlyRing(text);
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.hasRevocation()) {
            throw new InvalidInputException("This key has been revoked; add a key that is still valid.");
        }
        Instant created = primary.getCreationTime().toInstant();
        Optional<Instant> expires = primary.getValidSeconds() > 0
                ? Optional.of(created.plusSeconds(primary.getValidSeconds()))
                : Optional.empty();
        if (expires.isPresent() && !expires.get().isAfter(now)) {
            throw new InvalidInputException("This key expired on " + expires.get() + "; extend it (gpg --quick-set-expire)"
                    + " and export it again.");
        }
        List<String> keyIds = new ArrayList<>(List.of(keyIdOf(primary)));
        for (PGPPublicKey subkey : ring) {
            if (!subkey.isMasterKey() && isBound(primary, subkey)) {
                keyIds.add(keyIdOf(subkey));
            }
        }
        List<String> emails = certifiedEmails(primary);
        if (emails.isEmpty()) {
            throw new InvalidInputException("This key has no user ID with an email address that it certifies itself;"
                    + " add one (gpg --quick-add-uid KEYID 'Name <email>') and export it again.");
        }
        return new OpenPgpKey(HexFormat.of().withUpperCase().formatHex(primary.getFingerprint()), keyIdOf(primary),
                List.copyOf(keyIds), emails, created, expires, text);
    }

    private static PGPPublicKeyRing onlyRing(String text) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))) {
            new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()).forEach(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidInputException("This could not be read as an OpenPGP public key (" + describe(e)
                    + "); paste the whole output of " + EXPORT_HINT + ".");
        }
        if (rings.size() != 1) {
            throw new InvalidInputException(rings.isEmpty() ? "This block holds no public key."
                    : "This block holds " + rings.size() + " keys; add them one at a time.");
        }
        return rings.get(0);
    }

    private static List<String> certifiedEmails(PGPPublicKey primary) {
        List<String> emails = new ArrayList<>();
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String userId = ids.next();
            Optional<String> email = emailOf(userId);
            if (email.isPresent() && !emails.contains(email.get()) && isSelfCertified(primary, userId)) {
                emails.add(email.get());
            }
        }
        return List.copyOf(emails);
    }

    private static boolean isSelfCertified(PGPPublicKey primary, String userId) {
        for (Iterator<PGPSignature> signatures = primary.getSignaturesForID(userId); signatures != null && signatures.hasNext(); ) {
            PGPSignature signature = signatures.next();
            if (signature.getKeyID() != primary.getKeyID() || !signature.isCertification()) {
                continue;
            }
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (signature.verifyCertification(userId, primary)) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                // a broken signature certifies nothing
            }
        }
        return false;
    }

    /** When {@code primary} revoked {@code subkey}, if it did (a revocation signature that holds). */
    static Optional<Instant> revokedAt(PGPPublicKey primary, PGPPublicKey subkey) {
        for (Iterator<PGPSignature> signatures = subkey.getSignaturesOfType(PGPSignature.SUBKEY_REVOCATION); signatures.hasNext(); ) {
            PGPSignature signature = signatures.next();
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (signature.verifyCertification(primary, subkey)) {
                    return Optional.of(signature.getCreationTime().toInstant());
                }
            } catch (PGPException | RuntimeException e) {
                // a broken revocation revokes nothing
            }
        }
        return Optional.empty();
    }

    private static boolean isBound(PGPPublicKey primary, PGPPublicKey subkey) {
        for (Iterator<PGPSignature> signatures = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); signatures.hasNext(); ) {
            PGPSignature signature = signatures.next();
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
                if (signature.verifyCertification(primary, subkey)) {
                    return true;
                }
            } catch (PGPException | RuntimeException e) {
                // a broken binding binds nothing
            }
        }
        return false;
    }

    /** The email of a user ID such as {@code Alice <alice@example.com>}, or a bare address. */
    static Optional<String> emailOf(String userId) {
        int open = userId.lastIndexOf('<');
        int close = userId.lastIndexOf('>');
        String candidate = open >= 0 && close > open ? userId.substring(open + 1, close) : userId;
        candidate = candidate.strip().toLowerCase(Locale.ROOT);
        return candidate.matches("[^@\\s<>]+@[^@\\s<>]+") ? Optional.of(candidate) : Optional.empty();
    }

    static String keyIdOf(PGPPublicKey key) {
        return String.format(Locale.ROOT, "%016X", key.getKeyID());
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
