package dev.hubkeep.server.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * One OpenPGP key (Ed25519) of the hub's, with which it signs the commits it makes (commit API, new
 * repositories, empty branches), so they show as verified. {@link HubSigningKeys} keeps the current
 * one and the retired ones and decides which is which.
 */
public final class ServerSigningKey {

    private final PGPPublicKey publicKey;
    private final PGPPrivateKey privateKey;
    private final Clock clock;

    private ServerSigningKey(PGPPublicKey publicKey, PGPPrivateKey privateKey, Clock clock) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /** Reads the key from {@code file}, making it first (written whole, mode 0600) if there is none. */
    public static ServerSigningKey loadOrCreate(Path file, String userId, Clock clock) {
        try {
            if (!Files.exists(file)) {
                write(file, generate(userId, clock));
            }
            return read(Files.readAllBytes(file), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or make the commit signing key " + file, e);
        }
    }

    /** A key from its armored secret key ring. */
    static ServerSigningKey read(byte[] armoredSecretRing, Clock clock) {
        try (InputStream in = PGPUtil.getDecoderStream(new java.io.ByteArrayInputStream(armoredSecretRing))) {
            PGPSecretKeyRing ring = new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator());
            return new ServerSigningKey(ring.getPublicKey(), ring.getSecretKey().extractPrivateKey(null), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the commit signing key", e);
        } catch (PGPException e) {
            throw new IllegalStateException("The commit signing key cannot be used", e);
        }
    }

    /** The key's fingerprint, upper-case hex. */
    public String fingerprint() {
        return org.bouncycastle.util.encoders.Hex.toHexString(publicKey.getFingerprint()).toUpperCase(java.util.Locale.ROOT);
    }

    /** When the key was made. */
    public java.time.Instant createdAt() {
        return publicKey.getCreationTime().toInstant();
    }

    /** The key's long id, 16 upper-case hex: what its signatures name. */
    public String keyId() {
        return OpenPgpKey.keyIdOf(publicKey);
    }

    PGPPublicKey publicKey() {
        return publicKey;
    }

    /** The public key, ASCII-armored, for {@code gpg --import}. */
    public String publicKeyArmored() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(bytes)) {
            publicKey.encode(armor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** Signs a commit about to be written, as {@code git commit -S} would: over the commit without its signature. */
    public void sign(CommitBuilder commit) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setIssuerFingerprint(false, publicKey);
            hashed.setSignatureCreationTime(false, Date.from(clock.instant()));
            generator.setHashedSubpackets(hashed.generate());
            generator.update(commit.build());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armor = new ArmoredOutputStream(bytes)) {
                generator.generate().encode(armor);
            }
            commit.setGpgSignature(new GpgSignature(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException("Could not sign a commit with the hub's key", e);
        }
    }

    /** A new key, as an armored secret key ring. */
    static byte[] generate(String userId, Clock clock) {
        try {
            return generateRing(userId, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException("Could not make a commit signing key", e);
        }
    }

    private static byte[] generateRing(String userId, Clock clock) throws PGPException, IOException {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        BcPGPKeyPair pair = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
                generator.generateKeyPair(), Date.from(clock.instant()));
        PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = new ArmoredOutputStream(bytes)) {
            rings.generateSecretKeyRing().encode(armor);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code file} whole, unless it appeared meanwhile (another process made the key first: theirs stands). */
    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".commit-signing-key-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary); // atomic, and never replaces an existing key
            } catch (FileAlreadyExistsException e) {
                // made by another process meanwhile: use that one
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
