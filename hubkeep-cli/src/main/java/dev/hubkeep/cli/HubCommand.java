package dev.hubkeep.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a hub with the user's token: finds the token and endpoint, checks the
 * token locally, then runs; what goes wrong becomes the guidance and exit code users expect.
 */
abstract class HubCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec spec;

    /** Where {@code --token-stdin} reads the token: the process's stdin, or a test's. */
    InputStream stdin = System.in;

    /** Where the token in use came from, for commands that say so. */
    TokenSource.Found token;

    abstract int run(HubClient client, PrintWriter out, Progress progress);

    /** The repository the command works on, if it works on one: named in the guidance when access is refused. */
    Optional<RepoId> repository() {
        return Optional.empty();
    }

    @Override
    public final Integer call() {
        // What a hub sends is printed through Terminal.safe; only the progress bar draws with escapes of its own.
        PrintWriter out = Terminal.safe(spec.commandLine().getOut());
        PrintWriter screen = spec.commandLine().getErr();
        PrintWriter err = Terminal.safe(screen);
        ClientEnvironment environment = ClientEnvironment.current();
        Optional<TokenSource.Found> found;
        try {
            found = options.given(stdin, err).or(() -> TokenSource.resolve(Optional.empty(), environment));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
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
        token = found.get();
        try {
            return run(new HubClient(endpoint, Optional.of(found.get().token())), out,
                    Progress.to(screen, System.console() != null));
        } catch (HubClientException e) {
            err.println(Guidance.refused(e, endpoint, found.get(), repository()));
            return ExitCodes.REFUSED;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (UncheckedIOException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return ExitCodes.REFUSED;
        }
    }

    static ClientEnvironment environment() {
        return ClientEnvironment.current();
    }
}
