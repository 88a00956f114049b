package dev.hubkeep.server.xet;

import dev.hubkeep.server.http.Guard;
import dev.hubkeep.server.http.HttpServer;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.errors.HubException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** The pipeline's admission for {@link Guard.XetCas} routes: the Xet token's grant, kept for the handler. */
public final class XetCasGate implements HttpServer.XetGate {

    private static final String GRANT = "hubkeep.xet.grant";

    private final XetAuthority authority;

    public XetCasGate(XetAuthority authority) {
        this.authority = authority;
    }

    /**
     * A refused upload's body is read (up to the largest the CAS takes) before the refusal goes out:
     * a server that answers and closes with the body unread resets the connection, and the client
     * sees that instead of the 401 or 403 that says what to do.
     */
    @Override
    public void admit(Context ctx, Guard.XetCas guard) {
        try {
            ctx.attribute(GRANT, authority.admit(Requests.header(ctx, "Authorization"), guard.scope(), Requests.clientAddress(ctx)));
        } catch (HubException refused) {
            drain(ctx);
            throw refused;
        }
    }

    private static void drain(Context ctx) {
        if (ctx.req().getContentLengthLong() > CasService.MAX_XORB_BYTES) {
            return; // too large to be worth reading: the connection is closed instead
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long left = CasService.MAX_XORB_BYTES;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
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
