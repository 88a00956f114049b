package dev.hubkeep.server.xet;

import dev.hubkeep.server.http.Guard;
import dev.hubkeep.server.http.HttpServer;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;

/** The pipeline's admission for {@link Guard.XetCas} routes: the Xet token's grant, kept for the handler. */
public final class XetCasGate implements HttpServer.XetGate {

    private static final String GRANT = "hubkeep.xet.grant";

    private final XetAuthority authority;

    public XetCasGate(XetAuthority authority) {
        this.authority = authority;
    }

    /** A refused upload's body is dropped by the pipeline after the refusal ({@code UnreadBody}). */
    @Override
    public void admit(Context ctx, Guard.XetCas guard) {
        ctx.attribute(GRANT, authority.admit(Requests.header(ctx, "Authorization"), guard.scope(), Requests.clientAddress(ctx)));
    }

    /** The grant the gate admitted this request with. */
    public static XetToken grant(Context ctx) {
        XetToken token = ctx.attribute(GRANT);
        if (token == null) {
            throw new IllegalStateException("a Xet CAS route ran without its gate");
        }
        return token;
    }
}
