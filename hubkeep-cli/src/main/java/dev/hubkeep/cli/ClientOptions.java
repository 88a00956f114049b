package dev.hubkeep.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that talks to a hub shares. */
public final class ClientOptions {

    @Option(names = "--endpoint", description = "The hub's URL (default: HF_ENDPOINT, else " + ClientEnvironment.DEFAULT_ENDPOINT + ").")
    String endpoint;

    @Option(names = "--token", description = "The access token (default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, .env, then the saved login).")
    String token;

    Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    Optional<String> token() {
        return Optional.ofNullable(token);
    }
}
