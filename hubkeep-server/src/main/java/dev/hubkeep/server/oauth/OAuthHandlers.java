package dev.hubkeep.server.oauth;

import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /oauth/device} and {@code POST /oauth/token}: form bodies in, JSON out, errors in
 * OAuth's own shape ({@code {"error": "authorization_pending", "error_description": …}}), which is
 * what the Hub's clients read there.
 */
public final class OAuthHandlers {

    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String REFRESH_GRANT = "refresh_token";
    /** Where the verification page is; the device endpoint is the same path, posted to. */
    public static final String VERIFICATION_PATH = "/oauth/device";

    private final DeviceFlow flow;
    private final Supplier<String> publicUrl;

    public OAuthHandlers(DeviceFlow flow, Supplier<String> publicUrl) {
        this.flow = flow;
        this.publicUrl = publicUrl;
    }

    /** {@code POST /oauth/device} with {@code client_id}. */
    public void device(Context ctx) {
        switch (flow.start(field(ctx, "client_id"), Requests.clientAddress(ctx))) {
            case DeviceFlow.Started started -> {
                String uri = publicUrl.get() + VERIFICATION_PATH;
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("device_code", started.deviceCode());
                body.put("user_code", started.userCode());
                body.put("verification_uri", uri);
                body.put("verification_uri_complete", uri + "?user_code=" + started.userCode());
                body.put("interval", started.interval());
                body.put("expires_in", started.expiresIn());
                ctx.json(body);
            }
            case DeviceFlow.Refusal refusal -> refuse(ctx, refusal);
        }
    }

    /** {@code POST /oauth/token}: the device-code grant and the refresh grant. */
    public void token(Context ctx) {
        String grant = field(ctx, "grant_type");
        DeviceFlow.TokenResult result = switch (grant) {
            case DEVICE_CODE_GRANT -> required(ctx, "device_code")
                    .<DeviceFlow.TokenResult>map(code -> flow.poll(code, field(ctx, "client_id"), Requests.clientAddress(ctx)))
                    .orElseGet(() -> missing("device_code"));
            case REFRESH_GRANT -> required(ctx, "refresh_token")
                    .<DeviceFlow.TokenResult>map(token -> flow.refresh(token, field(ctx, "client_id"), Requests.clientAddress(ctx)))
                    .orElseGet(() -> missing("refresh_token"));
            default -> new DeviceFlow.Refusal(400, "unsupported_grant_type", "This hub takes the grant types "
                    + DEVICE_CODE_GRANT + " and " + REFRESH_GRANT + ", not '" + grant + "'.");
        };
        switch (result) {
            case DeviceFlow.Issued issued -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("access_token", issued.accessToken());
                body.put("token_type", "bearer");
                body.put("expires_in", issued.expiresIn());
                body.put("refresh_token", issued.refreshToken());
                ctx.header("Pragma", "no-cache").json(body);
            }
            case DeviceFlow.Refusal refusal -> refuse(ctx, refusal);
        }
    }

    private static void refuse(Context ctx, DeviceFlow.Refusal refusal) {
        ctx.status(refusal.status()).json(Map.of("error", refusal.error(), "error_description", refusal.description()));
    }

    private static DeviceFlow.Refusal missing(String name) {
        return new DeviceFlow.Refusal(400, "invalid_request", "Send '" + name + "' in the form body.");
    }

    private static Optional<String> required(Context ctx, String name) {
        return Optional.of(field(ctx, name)).filter(v -> !v.isEmpty());
    }

    /** A form field; a body that is no form reads as empty fields. */
    private static String field(Context ctx, String name) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return "";
        }
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }
}
