package dev.hubkeep.server.oidc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With no issuer list from the operator, anyone registering a publisher names the URLs the hub
 * fetches: none inside the hub's own network may be fetched (SSRF). Refused before connecting.
 */
class HttpKeyFetcherTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/.well-known/openid-configuration", "https://localhost/jwks",
            "https://10.1.2.3/jwks", "https://192.168.0.1/jwks", "https://172.16.0.1/jwks", "https://169.254.169.254/jwks",
            "https://[::1]/jwks", "https://[fd00::1]/jwks", "https://0.0.0.0/jwks"})
    void fetch_internalAddressWithoutTheOperatorsList_refusedNamingTheSetting(String url) {
        HttpKeyFetcher fetcher = new HttpKeyFetcher(false);

        assertThatThrownBy(() -> fetcher.fetch(URI.create(url), 1024))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("trusted-publisher-issuers");
    }

    @Test
    void fetch_internalAddressWhenTheOperatorListsIssuers_tried() {
        HttpKeyFetcher fetcher = new HttpKeyFetcher(true);

        // Nothing listens on port 9 here: the refusal is the connection's, not the address check's.
        assertThatThrownBy(() -> fetcher.fetch(URI.create("http://127.0.0.1:9/jwks"), 1024))
                .isInstanceOf(IOException.class)
                .hasMessageNotContaining("trusted-publisher-issuers");
    }
}
