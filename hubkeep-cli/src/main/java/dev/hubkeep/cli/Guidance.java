package dev.hubkeep.cli;

import dev.hubkeep.protocol.TokenFormat;
import java.util.Optional;

/**
 * Turns what went wrong into what the user should do, in the terms of the Hub's troubleshooting
 * advice: a token not copied whole, an expired or revoked token, a private or gated repository,
 * too many requests.
 */
final class Guidance {

    static final String NOT_LOGGED_IN = "Not logged in: no token from --token or --token-stdin, in HF_TOKEN, HUGGING_FACE_HUB_TOKEN or .env,"
            + " and no saved login. Run `hubkeep login`, or set HF_TOKEN.";

    /**
     * How the hub (as the Hub) begins every refusal of a token. A 429 that begins so is a dead token
     * presented again and again: waiting does not help, a new token does.
     */
    static final String INVALID_CREDENTIALS = "Invalid credentials";

    /** Words by which the hub's refusal already says what happened to the token. */
    private static final java.util.List<String> REASONS = java.util.List.of("revoked", "replaced", "expired", "not a token of");

    private Guidance() {}

    /** A token the hub will not take (revoked, expired, unknown): where to make a new one and how to use it. */
    private static String tokenRefused(HubClientException e, String endpoint, TokenSource.Found found) {
        String reason = e.getMessage().strip();
        // The hub says why when it knows (revoked on…, replaced on…, not a token of this hub); only its
        // generic sentence needs the guess.
        boolean explained = REASONS.stream().anyMatch(reason.toLowerCase(java.util.Locale.ROOT)::contains);
        return "The hub refused the token from " + found.source() + ": " + reason + (reason.endsWith(".") ? "" : ".")
                + (explained ? "" : " It may have expired or been revoked.")
                + " Create a new one at " + endpoint + "/settings/tokens and use it instead (`hubkeep login`, or HF_TOKEN).";
    }

    /** Checked before any request: why a token cannot be one of this hub's, if it cannot. */
    static Optional<String> malformed(TokenSource.Found found) {
        return TokenFormat.check(found.token()).map(problem -> "The token from " + found.source()
                + " is not a valid access token: " + problem.explanation() + ". Check it was copied whole:"
                + " no spaces or line breaks inside, nothing cut off at either end.");
    }

    /** What to tell the user when the hub refused a request, for a command on {@code repository} if it names one. */
    static String refused(HubClientException e, String endpoint, TokenSource.Found found, Optional<RepoId> repository) {
        boolean gated = e.errorCode().filter("GatedRepo"::equals).isPresent();
        return switch (e.status()) {
            case 0 -> e.getMessage();
            case 401 -> tokenRefused(e, endpoint, found);
            case 403 -> gated && repository.isPresent()
                    ? repository.get().id() + " is gated and you have not been granted access. Request access with"
                            + " POST " + endpoint + repository.get().web() + "/ask-access (signed in with your token);"
                            + " its owners accept requests, and some repositories accept them at once."
                    : gated ? e.getMessage() : "Not allowed: " + e.getMessage();
            case 404 -> e.errorCode().filter("RepoNotFound"::equals).isPresent()
                    ? e.getMessage() + " Check the name and --type; if the repository is private, the token from "
                            + found.source() + " must belong to someone who may read it."
                    : e.getMessage();
            case 429 -> e.getMessage().startsWith(INVALID_CREDENTIALS)
                    ? tokenRefused(e, endpoint, found)
                    : "Too many requests: " + e.getMessage()
                            + e.retryAfterSeconds().map(s -> " Try again in " + s + " seconds.").orElse(" Try again later.");
            default -> e.getMessage();
        };
    }
}
