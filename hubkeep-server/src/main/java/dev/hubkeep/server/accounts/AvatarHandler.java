package dev.hubkeep.server.accounts;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * A generated avatar for every name, so the {@code avatarUrl} clients receive always resolves:
 * the first letter on a colour derived from the name. It reveals nothing about whether the
 * account exists.
 */
public final class AvatarHandler {

    public void avatar(Context ctx) {
        String name = ctx.pathParam("name");
        if (name.endsWith(".svg")) {
            name = name.substring(0, name.length() - 4);
        }
        String initial = name.isEmpty() ? "?" : name.substring(0, 1).toUpperCase(Locale.ROOT);
        if (!Character.isLetterOrDigit(initial.charAt(0))) {
            initial = "?";
        }
        int hue = Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), 360);
        ctx.contentType("image/svg+xml");
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.result("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">"
                + "<circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"hsl(" + hue + ",55%,45%)\"/>"
                + "<text x=\"32\" y=\"42\" font-family=\"sans-serif\" font-size=\"28\" text-anchor=\"middle\""
                + " fill=\"#fff\">" + SimplePage.escape(initial) + "</text></svg>");
    }
}
