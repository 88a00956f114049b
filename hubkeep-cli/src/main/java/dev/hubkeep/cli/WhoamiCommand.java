package dev.hubkeep.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code hubkeep whoami}: the user, their organizations with roles, and the token's name, role and expiry. */
@Command(name = "whoami", description = "Show who the token belongs to, its role and expiry, and your organizations.")
public final class WhoamiCommand extends HubCommand {

    @Override
    int run(HubClient client, PrintWriter out, Progress progress) {
        Whoami me = client.whoami();
        out.println("user:  " + me.name() + me.fullname().filter(f -> !f.equals(me.name())).map(f -> " (" + f + ")").orElse(""));
        out.println("token: " + me.tokenName().orElse("?") + ", role " + me.tokenRole().orElse("?")
                + ", " + me.expiresAt().map(at -> "expires " + at).orElse("does not expire")
                + " (from " + token.source() + ")");
        out.println("orgs:  " + (me.orgs().isEmpty() ? "none" : String.join(", ",
                me.orgs().stream().map(o -> o.name() + " (" + o.role() + ")").toList())));
        out.println("hub:   " + client.endpoint());
        return ExitCodes.OK;
    }
}
