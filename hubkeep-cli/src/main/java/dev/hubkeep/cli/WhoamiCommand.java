package dev.hubkeep.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hubkeep whoami}: the user, their organizations with roles, and the token's name, role and expiry. */
@Command(name = "whoami", description = "Show who the token belongs to, its role and expiry, and your organizations.")
public final class WhoamiCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientEnvironment environment = ClientEnvironment.current();
        Optional<TokenSource.Found> found = TokenSource.resolve(options.token(), environment);
        if (found.isEmpty()) {
            err.println(Guidance.NOT_LOGGED_IN);
            return ExitCodes.REFUSED;
        }
        Optional<String> malformed = Guidance.malformed(found.get());
        if (malformed.isPresent()) {
            err.println(malformed.get());
            return ExitCodes.USAGE;
        }
        String endpoint = environment.endpoint(options.endpoint());
        try {
            Whoami me = new HubClient(endpoint, Optional.of(found.get().token())).whoami();
            out.println("user:  " + me.name() + me.fullname().filter(f -> !f.equals(me.name())).map(f -> " (" + f + ")").orElse(""));
            out.println("token: " + me.tokenName().orElse("?") + ", role " + me.tokenRole().orElse("?")
                    + ", " + me.expiresAt().map(at -> "expires " + at).orElse("does not expire")
                    + " (from " + found.get().source() + ")");
            out.println("orgs:  " + (me.orgs().isEmpty() ? "none" : String.join(", ",
                    me.orgs().stream().map(o -> o.name() + " (" + o.role() + ")").toList())));
            out.println("hub:   " + endpoint);
            return ExitCodes.OK;
        } catch (HubClientException e) {
            err.println(Guidance.refused(e, endpoint, found.get()));
            return ExitCodes.REFUSED;
        }
    }
}
