package dev.hubkeep.server.oauth;

import java.util.Map;
import java.util.Optional;

/**
 * The clients that may ask for a device login, by the {@code client_id} they send, with the name the
 * verification page shows: only a client the hub knows can ask, so the page never shows a name a
 * stranger chose.
 */
public final class OAuthClients {

    /** {@code huggingface_hub}'s own id ({@code constants.DEVICE_CODE_OAUTH_CLIENT_ID}). */
    public static final String HUGGINGFACE_HUB = "26be6b09-91c5-47da-9861-d2d2bb7a7e36";

    private static final Map<String, String> NAMES = Map.of(HUGGINGFACE_HUB, "huggingface_hub (hf auth login)");

    private OAuthClients() {}

    public static Optional<String> name(String clientId) {
        return Optional.ofNullable(clientId).map(NAMES::get);
    }
}
