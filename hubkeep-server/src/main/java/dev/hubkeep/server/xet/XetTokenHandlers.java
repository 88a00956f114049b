package dev.hubkeep.server.xet;

import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/{type}s/{ns}/{name}/xet-{read,write}-token/{rev}}: the route's guard has checked read
 * or write on the repository; this hands out a Xet token for it, in the body (hf_xet, huggingface.js)
 * and in the {@code X-Xet-*} headers (huggingface_hub reads those). The revision is not part of the
 * grant: {@code None} (with {@code create_pr=1}) is accepted like any other.
 */
public final class XetTokenHandlers {

    /** Where the CAS is served, under the hub's public URL. */
    public static final String CAS_PATH = XetUrls.CAS_PATH;

    /** With Xet switched off ({@code xet = false}), the client is told at once to upload through LFS. */
    static final String DISABLED = "Xet storage is not enabled on this hub: set HF_HUB_DISABLE_XET=1 so the client"
            + " uploads and downloads through LFS, which this hub serves in full.";

    private final XetAuthority authority;
    private final XetUrls urls;

    public XetTokenHandlers(XetAuthority authority, XetUrls urls) {
        this.authority = authority;
        this.urls = urls;
    }

    public Handler token(RepoType type, XetScope scope) {
        return ctx -> {
            if (!urls.enabled()) {
                throw new NotFoundException(DISABLED);
            }
            answer(ctx, authority.issue(Requests.principal(ctx), type, ctx.pathParam("ns"), ctx.pathParam("name"), scope));
        };
    }

    private void answer(Context ctx, XetTokens.Signed signed) {
        String casUrl = urls.casUrl();
        long exp = signed.expiresAt().getEpochSecond();
        headers(signed, urls).forEach(ctx::header);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", signed.value());
        body.put("exp", exp);
        body.put("casUrl", casUrl);
        ctx.json(body);
    }

    /** The {@code X-Xet-*} headers that hand a client a token: on the token endpoints, and in LFS batch answers. */
    public static Map<String, String> headers(XetTokens.Signed signed, XetUrls urls) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Xet-Cas-Url", urls.casUrl());
        headers.put("X-Xet-Access-Token", signed.value());
        headers.put("X-Xet-Token-Expiration", Long.toString(signed.expiresAt().getEpochSecond()));
        return headers;
    }
}
