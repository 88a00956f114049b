package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the commands tell a user when the hub says no. */
class GuidanceTest {

    static final String HUB = "https://hub.example";
    static final TokenSource.Found FROM_ENV = new TokenSource.Found("hk_whatever", "HF_TOKEN");
    static final Optional<RepoId> BERT = Optional.of(new RepoId("model", "acme", "bert"));

    @Test
    void gatedRepository_namesWhereToRequestAccess() {
        HubClientException gated = new HubClientException(403, "Access to model acme/bert is restricted.",
                Optional.of("GatedRepo"), Optional.empty());

        assertThat(Guidance.refused(gated, HUB, FROM_ENV, BERT))
                .contains("acme/bert is gated")
                .contains("POST https://hub.example/acme/bert/ask-access");
    }

    @Test
    void gatedDataset_urlHasTheDatasetsPrefix() {
        HubClientException gated = new HubClientException(403, "restricted", Optional.of("GatedRepo"), Optional.empty());

        assertThat(Guidance.refused(gated, HUB, FROM_ENV, Optional.of(new RepoId("dataset", "acme", "squad"))))
                .contains("https://hub.example/datasets/acme/squad/ask-access");
    }

    @Test
    void refusedToken_saysWhereItCameFromAndWhereToMakeANewOne() {
        HubClientException refused = new HubClientException(401, "Invalid credentials.", Optional.empty(), Optional.empty());

        assertThat(Guidance.refused(refused, HUB, FROM_ENV, BERT))
                .contains("token from HF_TOKEN")
                .contains("expired or been revoked")
                .contains("https://hub.example/settings/tokens");
    }

    @Test
    void revokedToken_hubsReasonThenWhereToMakeANewOneAndHowToUseIt() {
        HubClientException revoked = new HubClientException(401, "Invalid credentials in Authorization header", Optional.empty(),
                Optional.empty());

        assertThat(Guidance.refused(revoked, HUB, FROM_ENV, Optional.empty()))
                .contains("Invalid credentials in Authorization header. It may have expired or been revoked.")
                .contains("https://hub.example/settings/tokens")
                .contains("hubkeep login");
    }

    @Test
    void tokenTheHubSaysWasRevoked_hubsReasonWithoutTheGuess() {
        HubClientException revoked = new HubClientException(401, "Invalid credentials: this token was revoked on"
                + " 2026-11-29T08:00:00Z.", Optional.empty(), Optional.empty());

        assertThat(Guidance.refused(revoked, HUB, FROM_ENV, Optional.empty()))
                .contains("revoked on 2026-11-29T08:00:00Z.")
                .doesNotContain("It may have")
                .contains("https://hub.example/settings/tokens");
    }

    @Test
    void deadTokenPresentedAgainAndAgain_namesTheSettingsPageNotAWait() {
        HubClientException dead = new HubClientException(429, "Invalid credentials in Authorization header: this token was"
                + " refused 10 times already (unknown, revoked or expired). Stop sending it; create a new one.",
                Optional.empty(), Optional.of(20L));

        assertThat(Guidance.refused(dead, HUB, FROM_ENV, Optional.empty()))
                .contains("https://hub.example/settings/tokens")
                .doesNotContain("Try again");
    }

    @Test
    void repositoryNotFound_hintsAtPrivateRepositories() {
        HubClientException missing = new HubClientException(404, "Repository not found.", Optional.of("RepoNotFound"),
                Optional.empty());

        assertThat(Guidance.refused(missing, HUB, FROM_ENV, BERT)).contains("Repository not found.").contains("private");
    }

    @Test
    void tooManyRequests_saysHowLongToWait() {
        HubClientException limited = new HubClientException(429, "Too many failed attempts.", Optional.empty(), Optional.of(42L));

        assertThat(Guidance.refused(limited, HUB, FROM_ENV, BERT)).contains("Try again in 42 seconds.");
    }

    @Test
    void forbiddenButNotGated_saysNotAllowedWithTheHubsReason() {
        HubClientException forbidden = new HubClientException(403, "This token is read-only.", Optional.empty(), Optional.empty());

        assertThat(Guidance.refused(forbidden, HUB, FROM_ENV, BERT)).isEqualTo("Not allowed: This token is read-only.");
    }
}
