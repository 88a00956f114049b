package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real {@code gpg}, in a keyring of its own ({@code GNUPGHOME}), never prompting: keys without passphrases. */
public final class Gpg implements AutoCloseable {

    private final Path home;

    public Gpg(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    /** Makes an ed25519 signing key for {@code userId} and a signing subkey (many people sign with one); returns its fingerprint. */
    public String generate(String userId, String expires) {
        run("--quick-generate-key", userId, "ed25519", "sign", expires);
        String listing = run("--with-colons", "--list-keys", userId);
        String fingerprint = listing.lines().filter(line -> line.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        run("--quick-add-key", fingerprint, "ed25519", "sign", expires);
        return fingerprint;
    }

    /** The long key ids of the key's subkeys, upper-case hex. */
    public List<String> subkeyIds(String fingerprint) {
        return run("--with-colons", "--list-keys", fingerprint).lines()
                .filter(line -> line.startsWith("sub:"))
                .map(line -> line.split(":")[4])
                .toList();
    }

    public void addUserId(String fingerprint, String userId) {
        run("--quick-add-uid", fingerprint, userId);
    }

    public String exportPublic(String fingerprint) {
        return run("--armor", "--export", fingerprint);
    }

    public String exportSecret(String fingerprint) {
        return run("--armor", "--export-secret-keys", fingerprint);
    }

    /** Revokes the key with the revocation certificate gpg made when it made the key. */
    public void revoke(String fingerprint) {
        try {
            Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
            // gpg writes the certificate with its armor line disabled by a leading colon, against accidents.
            String text = Files.readString(certificate).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----");
            Path armed = home.resolve(fingerprint + ".rev.asc");
            Files.writeString(armed, text);
            run("--import", armed.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Revokes the key's first subkey ("no longer used"), as {@code gpg --edit-key FPR key 1 revkey} does. */
    public void revokeFirstSubkey(String fingerprint) {
        runWithInput("key 1\nrevkey\ny\n0\n\ny\nsave\n", "--command-fd", "0", "--edit-key", fingerprint);
    }

    /** Runs gpg with these arguments; returns what it printed on stdout, failing the test if it failed. */
    public String run(String... args) {
        return runWithInput("", args);
    }

    private String runWithInput(String input, String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback",
                "--passphrase", ""));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GNUPGHOME", home.toString());
        try {
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process));
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("gpg " + String.join(" ", args) + " failed: " + err);
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the agent gpg started for this keyring. */
    @Override
    public void close() {
        try {
            ProcessBuilder builder = new ProcessBuilder("gpgconf", "--kill", "all");
            builder.environment().put("GNUPGHOME", home.toString());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
