package dev.hubkeep.server.web;

import io.javalin.http.Context;
import java.util.Optional;

/** Reading a posted form's fields: absent and blank read the same. */
final class Forms {

    private Forms() {}

    /** The field's value without surrounding blanks; empty when it was not sent. */
    static String text(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
    }

    /** The field exactly as sent (a password: every character counts). */
    static String raw(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).orElse("");
    }

    /** A checkbox: ticked when sent at all. */
    static boolean ticked(Context ctx, String name) {
        return ctx.formParam(name) != null;
    }
}
