package dev.hubkeep.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Adding, listing and deleting OpenPGP keys made by the real gpg, through the real server, on both databases. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class GpgKeyTest {

    private static final String KEYS = "/api/settings/gpg-keys";

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    Gpg gpg;
    Browser alice;

    @BeforeEach
    void start() {
        hub = TestHub.start(database, dir.resolve("data"));
        gpg = new Gpg(dir.resolve("gnupg"));
        alice = hub.verifiedUser("alice");
    }

    @AfterEach
    void stop() {
        gpg.close();
        hub.close();
    }

    @Test
    void add_keyCertifyingTheVerifiedEmail_201AndListedWithItsIds() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");

        Response added = add(alice, gpg.exportPublic(fingerprint));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode listed = alice.get(KEYS).json().get(0);
        assertThat(listed.path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(listed.path("keyId").asText()).isEqualTo(fingerprint.substring(24));
        assertThat(listed.path("subkeyIds").get(0).asText()).isEqualTo(gpg.subkeyIds(fingerprint).get(0));
        assertThat(listed.path("emails").get(0).asText()).isEqualTo("alice@example.com");
        assertThat(listed.path("expiresAt").asText()).isNotEmpty();
        assertThat(listed.path("publicKey").asText()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    @Test
    void add_keyWithoutTheAccountsEmail_refusedNamingBothAddresses() {
        String fingerprint = gpg.generate("Alice <alice@elsewhere.org>", "1y");

        Response added = add(alice, gpg.exportPublic(fingerprint));

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("alice@elsewhere.org").contains("alice@example.com");
        assertThat(alice.get(KEYS).json()).isEmpty();
    }

    @Test
    void add_keyWithASecondUserIdForTheAccountsEmail_accepted() {
        String fingerprint = gpg.generate("Alice <alice@elsewhere.org>", "1y");
        gpg.addUserId(fingerprint, "Alice <alice@example.com>");

        Response added = add(alice, gpg.exportPublic(fingerprint));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().path("emails")).hasSize(2);
    }

    @Test
    void add_privateKey_refusedAndNotKept() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");

        Response added = add(alice, gpg.exportSecret(fingerprint));

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("private key");
        assertThat(alice.get(KEYS).json()).isEmpty();
    }

    @Test
    void add_garbage_refusedSayingWhatAKeyLooksLike() {
        Response added = add(alice, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGarbage alice@laptop");

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("-----BEGIN PGP PUBLIC KEY BLOCK-----").contains("gpg --armor --export");
    }

    @Test
    void add_armorHeaderWithBrokenBody_refused() {
        Response added = add(alice, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 at all!!\n-----END PGP PUBLIC KEY BLOCK-----\n");

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).containsAnyOf("could not be read", "holds no public key");
    }

    @Test
    void add_expiredKey_refusedWithWhenItExpired() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1d");
        hub.clock.advance(Duration.ofDays(2));

        Response added = add(alice, gpg.exportPublic(fingerprint));

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("expired on");
    }

    @Test
    void add_revokedKey_refused() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        gpg.revoke(fingerprint);

        Response added = add(alice, gpg.exportPublic(fingerprint));

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("revoked");
    }

    @Test
    void add_keyAlreadyOnAnotherAccount_409() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        gpg.addUserId(fingerprint, "Bob <bob@example.com>");
        String armored = gpg.exportPublic(fingerprint);
        add(alice, armored);
        Browser bob = hub.verifiedUser("bob");

        Response added = add(bob, armored);

        assertThat(added.status()).isEqualTo(409);
        assertThat(added.error()).contains("another account");
    }

    @Test
    void add_sameKeyTwice_200ReplacingTheStoredCopy() {
        String armored = gpg.exportPublic(gpg.generate("Alice <alice@example.com>", "1y"));
        String id = add(alice, armored).json().path("id").asText();

        Response again = add(alice, armored);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(id);
        assertThat(alice.get(KEYS).json().size()).isEqualTo(1);
    }

    @Test
    void add_withAReadToken_403NamingWhatItTakes() {
        String read = hub.createToken(alice, "read", "read");
        String armored = gpg.exportPublic(gpg.generate("Alice <alice@example.com>", "1y"));

        Response added = hub.withToken(read).postJson(KEYS, body(armored));

        assertThat(added.status()).isEqualTo(403);
        assertThat(added.error()).contains("user.gpgKeys.write");
    }

    @Test
    void add_withAFineGrainedGpgKeysToken_201() {
        String fine = hub.createToken(alice, """
                {"name": "keys", "role": "fineGrained", "fineGrained": {"scoped": [{"entity": {"type": "user", "name": "alice"},
                 "permissions": ["user.gpgKeys.write"]}], "global": [], "canReadGatedRepos": false}}""");
        String armored = gpg.exportPublic(gpg.generate("Alice <alice@example.com>", "1y"));

        Response added = hub.withToken(fine).postJson(KEYS, body(armored));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    @Test
    void add_beforeTheEmailIsVerified_403() {
        Browser carol = hub.browser();
        hub.signup(carol, "carol");
        hub.login(carol, "carol");
        String armored = gpg.exportPublic(gpg.generate("Carol <carol@example.com>", "1y"));

        Response added = add(carol, armored);

        assertThat(added.status()).isEqualTo(403);
        assertThat(added.error()).contains("Verify your email");
    }

    @Test
    void add_keyFieldMissing_400() {
        Response added = alice.postJson(KEYS, "{\"publicKey\": \"x\"}");

        assertThat(added.status()).isEqualTo(400);
        assertThat(added.error()).contains("key");
    }

    @Test
    void delete_ownKey_goneFromTheList_thenAnotherAccountMayAddIt() {
        String fingerprint = gpg.generate("Alice <alice@example.com>", "1y");
        gpg.addUserId(fingerprint, "Bob <bob@example.com>");
        String armored = gpg.exportPublic(fingerprint);
        String id = add(alice, armored).json().path("id").asText();

        Response deleted = alice.deleteJson(KEYS + "/" + id, "");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(alice.get(KEYS).json()).isEmpty();
        assertThat(add(hub.verifiedUser("bob"), armored).status()).isEqualTo(201);
    }

    @Test
    void delete_someoneElsesKey_404AndKept() {
        String id = add(alice, gpg.exportPublic(gpg.generate("Alice <alice@example.com>", "1y"))).json().path("id").asText();
        Browser bob = hub.verifiedUser("bob");

        Response deleted = bob.deleteJson(KEYS + "/" + id, "");

        assertThat(deleted.status()).isEqualTo(404);
        assertThat(alice.get(KEYS).json()).hasSize(1);
    }

    private static Response add(Browser browser, String armored) {
        return browser.postJson(KEYS, body(armored));
    }

    private static String body(String armored) {
        return JsonNodeFactory.instance.objectNode().put("key", armored).toString();
    }
}
