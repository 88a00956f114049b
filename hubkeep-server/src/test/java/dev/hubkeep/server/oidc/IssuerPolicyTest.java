package dev.hubkeep.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IssuerPolicyTest {

    @Test
    void refusal_httpsIssuerWithNoList_none() {
        assertThat(new IssuerPolicy(List.of()).refusal("https://token.actions.githubusercontent.com")).isEmpty();
    }

    @Test
    void refusal_httpIssuerWithNoList_saysHttps() {
        assertThat(new IssuerPolicy(List.of()).refusal("http://127.0.0.1:9000")).hasValueSatisfying(m -> assertThat(m).contains("https://"));
    }

    @Test
    void refusal_httpIssuerTheOperatorListed_none() {
        assertThat(new IssuerPolicy(List.of("http://127.0.0.1:9000")).refusal("http://127.0.0.1:9000")).isEmpty();
    }

    @Test
    void refusal_issuerNotOnTheList_namesTheList() {
        assertThat(new IssuerPolicy(List.of("https://gitlab.example")).refusal("https://token.actions.githubusercontent.com"))
                .hasValueSatisfying(m -> assertThat(m).contains("https://gitlab.example"));
    }

    @Test
    void refusal_urlWithQueryOrUser_refused() {
        IssuerPolicy any = new IssuerPolicy(List.of());

        assertThat(any.refusal("https://issuer.example/?x=1")).isPresent();
        assertThat(any.refusal("https://user@issuer.example")).isPresent();
    }
}
