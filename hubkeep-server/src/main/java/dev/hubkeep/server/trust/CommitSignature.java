package dev.hubkeep.server.trust;

import java.util.Locale;
import java.util.Optional;

/**
 * What the hub concluded about a commit's signature.
 *
 * @param keyId the long id of the key that made the signature, if it is an OpenPGP signature
 * @param signer the account whose key verified it (only when {@code VERIFIED})
 * @param reason why it is not verified (only when {@code UNVERIFIED})
 * @param signedByHub the hub made and signed the commit itself (commit API), with its own key
 */
public record CommitSignature(Status status, Optional<String> keyId, Optional<String> signer, Optional<String> reason,
        boolean signedByHub) {

    public enum Status {
        /** Signed; the signature holds, by a key on the account whose verified email is the committer's. */
        VERIFIED,
        /** Signed, but not by a key the hub can vouch for, or the signature does not hold: see the reason. */
        UNVERIFIED,
        /** Not signed. */
        NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    static final CommitSignature UNSIGNED = new CommitSignature(Status.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
            false);

    static CommitSignature verified(String keyId, String signer) {
        return new CommitSignature(Status.VERIFIED, Optional.of(keyId), Optional.of(signer), Optional.empty(), false);
    }

    static CommitSignature byHub(String keyId) {
        return new CommitSignature(Status.VERIFIED, Optional.of(keyId), Optional.empty(), Optional.empty(), true);
    }

    static CommitSignature unverified(Optional<String> keyId, String reason) {
        return new CommitSignature(Status.UNVERIFIED, keyId, Optional.empty(), Optional.of(reason), false);
    }
}
