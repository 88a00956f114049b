package dev.hubkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which address (and scheme) a request comes from, as token network limits, throttles, logs and
 * the same-origin check see it: {@code X-Forwarded-For} and {@code X-Forwarded-Proto} count only
 * when the peer is a configured trusted proxy. The address is
 * read the same way whatever the database, so this runs on SQLite only.
 */
class ClientAddressTest {

    @TempDir
    Path dir;

    TestHub hub;

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void forwardedFor_noTrustedProxies_ignored() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir);

        Response response = whoamiForwardedFor("203.0.113.9");

        assertThat(response.error()).endsWith("this token may not be used from 127.0.0.1.");
    }

    @Test
    void forwardedFor_fromTrustedProxy_isTheClientAddress() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32"))));

        Response response = whoamiForwardedFor("203.0.113.9");

        assertThat(response.error()).endsWith("this token may not be used from 203.0.113.9.");
    }

    @Test
    void forwardedFor_fromTrustedProxy_spoofedLeftmostEntryIgnored() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32"))));

        Response response = whoamiForwardedFor("10.1.2.3, 198.51.100.4");

        assertThat(response.error()).endsWith("this token may not be used from 198.51.100.4.");
    }

    @Test
    void forwardedFor_chainOfTrustedProxies_firstUntrustedHopIsTheClient() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir,
                c -> c.withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32"), CidrRange.parse("192.0.2.0/24"))));

        Response response = whoamiForwardedFor("10.1.2.3, 198.51.100.4, 192.0.2.7");

        assertThat(response.error()).endsWith("this token may not be used from 198.51.100.4.");
    }

    @Test
    void forwardedProto_fromTrustedProxy_isTheSchemeOfTheHubsOwnOrigin() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir, c -> c.withTrustedProxies(List.of(CidrRange.parse("127.0.0.1/32"))));
        Browser alice = hub.verifiedUser("alice");
        String httpsOrigin = hub.uri().toString().replace("http://", "https://").replaceAll("/$", "");

        Response response = alice.send(alice.request("/api/settings/tokens")
                .header("Content-Type", "application/json")
                .header("Origin", httpsOrigin)
                .header("X-Forwarded-Proto", "https")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"ci\", \"role\": \"read\"}"))
                .build());

        assertThat(response.status()).isEqualTo(201);
    }

    /** whoami with a token usable only from 10.0.0.0/8, through a proxy that says the client is {@code forwarded}. */
    private Response whoamiForwardedFor(String forwarded) {
        Browser alice = hub.verifiedUser("alice");
        String token = hub.createToken(alice, """
                {"name": "office", "role": "read", "allowedCidrs": ["10.0.0.0/8"]}""");
        return hub.withToken(token).send(hub.withToken(token).request("/api/whoami-v2")
                .header("X-Forwarded-For", forwarded).GET().build());
    }
}
