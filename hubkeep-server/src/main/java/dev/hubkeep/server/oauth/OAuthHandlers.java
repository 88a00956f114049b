package dev.hubkeep.server.oauth;

import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /oauth/device} and {@code POST /oauth/token}: form bodies in (and JSON ones, which is
 * how {@code huggingface_hub} sends the token exchange), JSON out, errors in OAuth's own shape
 * ({@code {"error": "authorization_pending", "error_description": …}}), which is what the Hub's
 * clients read there.
 */
public final class OAuthHandlers {

    static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final String REFRESH_GRANT = "refresh_token";
    /** Where the verification page is; the device endpoint is the same path, posted to. */
    public static final String VERIFICATION_PATH = "/oauth/device";

    private final DeviceFlow flow;
    private final TokenExchange exchange;
    private final Supplier<String> publicUrl;

    public OAuthHandlers(DeviceFlow flow, TokenExchange exchange, Supplier<String> publicUrl) {
        this.flow = flow;
        this.exchange = exchange;
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

    /** {@code POST /oauth/token}: the device-code grant, the refresh grant and the token exchange (trusted publishers). */
    public void token(Context ctx) {
        Map<String, String> fields = fields(ctx);
        String grant = fields.getOrDefault("grant_type", "");
        if (grant.equals(TokenExchange.GRANT)) {
            exchange(ctx, fields);
            return;
        }
        DeviceFlow.TokenResult result = switch (grant) {
            case DEVICE_CODE_GRANT -> required(fields, "device_code")
                    .<DeviceFlow.TokenResult>map(code -> flow.poll(code, fields.getOrDefault("client_id", ""),
                            Requests.clientAddress(ctx)))
                    .orElseGet(() -> missing("device_code"));
            case REFRESH_GRANT -> required(fields, "refresh_token")
                    .<DeviceFlow.TokenResult>map(token -> flow.refresh(token, fields.getOrDefault("client_id", ""),
                            Requests.clientAddress(ctx)))
                    .orElseGet(() -> missing("refresh_token"));
            default -> new DeviceFlow.Refusal(400, "unsupported_grant_type", "This hub takes the grant types "
                    + DEVICE_CODE_GRANT + ", " + REFRESH_GRANT + " and " + TokenExchange.GRANT + ", not '" + grant + "'.");
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

    private void exchange(Context ctx, Map<String, String> fields) {
        TokenExchange.Outcome outcome = exchange.exchange(fields.getOrDefault("subject_token", ""),
                fields.getOrDefault("subject_token_type", ""), fields.getOrDefault("resource", ""), Requests.clientAddress(ctx));
        switch (outcome) {
            case TokenExchange.Exchanged exchanged -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("access_token", exchanged.accessToken());
                body.put("issued_token_type", TokenExchange.ACCESS_TOKEN_TYPE);
                body.put("token_type", "bearer");
                body.put("expires_in", exchanged.expiresIn());
                ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache").json(body);
            }
            case TokenExchange.Refused refused -> refuse(ctx, new DeviceFlow.Refusal(refused.status(), refused.error(),
                    refused.description()));
        }
    }

    private static void refuse(Context ctx, DeviceFlow.Refusal refusal) {
        ctx.status(refusal.status()).json(Map.of("error", refusal.error(), "error_description", refusal.description()));
    }

    private static DeviceFlow.Refusal missing(String name) {
        return new DeviceFlow.Refusal(400, "invalid_request", "Send '" + name + "' in the form body.");
    }

    private static Optional<String> required(Map<String, String> fields, String name) {
        return Optional.ofNullable(fields.get(name)).filter(v -> !v.isEmpty());
    }

    /** A form field; a body that is no form reads as empty fields. */
    private static String field(Context ctx, String name) {
        if (!isForm(ctx)) {
            return "";
        }
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }

    /**
     * The body's fields: a form's, or a JSON object's string fields. A body that is neither, or a
     * JSON body that cannot be read, reads as no fields at all (the grant then says what is missing).
     */
    private static Map<String, String> fields(Context ctx) {
        Map<String, String> fields = new LinkedHashMap<>();
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (isForm(ctx)) {
            ctx.formParamMap().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    fields.put(name, values.get(0).strip());
                }
            });
        } else if (type.startsWith("application/json")) {
            try {
                JsonBody.read(ctx).fieldsAsStrings().forEach((name, value) -> fields.put(name, value.strip()));
            } catch (HubException e) {
                // not JSON, too large: no fields
            }
        }
        return fields;
    }

    private static boolean isForm(Context ctx) {
        return Optional.ofNullable(ctx.contentType()).orElse("").startsWith("application/x-www-form-urlencoded");
    }
}
