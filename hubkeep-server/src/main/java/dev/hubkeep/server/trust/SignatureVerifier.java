package dev.hubkeep.server.trust;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.store.Database;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks a commit's signature the way the status table of {@code trust.md} says: an OpenPGP
 * signature that holds over the commit, made by a key on an account whose verified email is the
 * commit's committer email, is {@code verified}; any other signature is {@code unverified} with the
 * reason; no signature is {@code none}.
 */
public final class SignatureVerifier {

    private final Database database;
    private final AccountService accounts;
    private final HubSigningKeys hubKeys;

    public SignatureVerifier(Database database, AccountService accounts, HubSigningKeys hubKeys) {
        this.database = database;
        this.accounts = accounts;
        this.hubKeys = hubKeys;
    }

    /** The status of a raw commit object whose committer email is {@code committerEmail}. */
    public CommitSignature verify(byte[] rawCommit, String committerEmail) {
        Optional<SignedCommit> signed = SignedCommit.of(rawCommit);
        if (signed.isEmpty()) {
            return CommitSignature.UNSIGNED;
        }
        String armored = signed.get().signature();
        if (!armored.startsWith("-----BEGIN PGP SIGNATURE-----")) {
            String kind = armored.startsWith("-----BEGIN SSH SIGNATURE-----") ? "an SSH key"
                    : armored.startsWith("-----BEGIN SIGNED MESSAGE-----") ? "an X.509 certificate" : "something other than OpenPGP";
            return CommitSignature.unverified(Optional.empty(), "Signed with " + kind + "; this hub checks OpenPGP signatures only.");
        }
        Optional<PGPSignature> signature = read(armored);
        if (signature.isEmpty()) {
            return CommitSignature.unverified(Optional.empty(), "The signature cannot be read as an OpenPGP signature.");
        }
        String keyId = String.format(Locale.ROOT, "%016X", signature.get().getKeyID());
        Optional<HubSigningKeys.Known> hubKey = hubKeys.find(keyId);
        if (hubKey.isPresent()) {
            return byHub(signature.get(), hubKey.get(), keyId, signed.get().payload());
        }
        Optional<GpgKeyRepository.StoredKey> stored = database.jdbi().withHandle(h -> new GpgKeyRepository(h).findByKeyId(keyId));
        if (stored.isEmpty()) {
            return CommitSignature.unverified(Optional.of(keyId), "Signed with key " + keyId
                    + ", which is on no account of this hub.");
        }
        if (!holds(signature.get(), stored.get().armored(), keyId, signed.get().payload())) {
            return CommitSignature.unverified(Optional.of(keyId), "The signature does not match the commit: the commit"
                    + " was changed after it was signed, or the signature is not key " + keyId + "'s.");
        }
        Optional<Instant> revoked = subkeyRevokedAt(stored.get().armored(), signature.get().getKeyID());
        if (revoked.isPresent()) {
            return CommitSignature.unverified(Optional.of(keyId), "Subkey " + keyId + " was revoked (" + revoked.get()
                    + "); sign with a subkey that is still valid.");
        }
        if (stored.get().expiresAt().isPresent()
                && signature.get().getCreationTime().toInstant().isAfter(stored.get().expiresAt().get())) {
            return CommitSignature.unverified(Optional.of(keyId), "Key " + keyId + " had expired when the commit was signed.");
        }
        String committer = committerEmail.toLowerCase(Locale.ROOT);
        Optional<User> owner = accounts.findUser(stored.get().userId());
        boolean emailMatches = owner.isPresent() && owner.get().emailVerified()
                && owner.get().email().equalsIgnoreCase(committer) && stored.get().emails().contains(committer);
        if (!emailMatches) {
            return CommitSignature.unverified(Optional.of(keyId), "The committer email " + committerEmail
                    + " is not a verified email of the account that holds key " + keyId + ".");
        }
        return CommitSignature.verified(keyId, owner.get().username());
    }

    /**
     * A signature by one of the hub's keys. A retired key vouches only for what it signed before it
     * was retired: a signature dated later was not made by this hub (the key may have leaked, which
     * is why keys are rotated).
     */
    private static CommitSignature byHub(PGPSignature signature, HubSigningKeys.Known key, String keyId, byte[] payload) {
        if (!holds(signature, key.publicKey(), payload)) {
            return CommitSignature.unverified(Optional.of(keyId), "The signature does not match the commit: the commit"
                    + " was changed after the hub signed it.");
        }
        if (key.retiredAt().isPresent() && signature.getCreationTime().toInstant().isAfter(key.retiredAt().get())) {
            return CommitSignature.unverified(Optional.of(keyId), "Signed with the hub's key " + keyId
                    + " after it was retired (" + key.retiredAt().get() + ").");
        }
        return CommitSignature.byHub(keyId);
    }

    private static Optional<PGPSignature> read(String armored) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            Object first = new BcPGPObjectFactory(in).nextObject();
            if (first instanceof PGPSignatureList list && !list.isEmpty()) {
                return Optional.of(list.get(0));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * When the subkey {@code keyId} of this stored key was revoked by its primary key, if it was. The
     * stored copy is the latest the owner added: adding the key again with a subkey revoked takes it
     * out of use for every commit checked from then on (statuses kept before stand).
     */
    private static Optional<Instant> subkeyRevokedAt(String armoredKey, long keyId) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredKey.getBytes(StandardCharsets.US_ASCII)))) {
            PGPPublicKeyRing ring = new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
            PGPPublicKey subkey = ring.getPublicKey(keyId);
            if (subkey == null || subkey.isMasterKey()) {
                return Optional.empty();
            }
            return OpenPgpKey.revokedAt(ring.getPublicKey(), subkey);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holds(PGPSignature signature, String armoredKey, String keyId, byte[] payload) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredKey.getBytes(StandardCharsets.US_ASCII)))) {
            PGPPublicKeyRing ring = new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
            PGPPublicKey key = ring.getPublicKey(signature.getKeyID());
            return key != null && OpenPgpKey.keyIdOf(key).equals(keyId) && holds(signature, key, payload);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean holds(PGPSignature signature, PGPPublicKey key, byte[] payload) {
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            signature.update(payload);
            return signature.verify();
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }
}
