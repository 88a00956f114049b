package dev.hubkeep.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hubkeep login}: reads a token (hidden prompt on a terminal, else the first line of
 * stdin; or {@code --token-stdin}, or {@code --token}), checks it locally, validates it with the
 * hub, and saves it where the Hub's own clients look ({@code $HF_HOME/token}), readable only by
 * the user.
 */
@Command(name = "login", description = "Save an access token for this and the Hub's own clients ($HF_HOME/token).")
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec spec;

    /** Where {@code --token-stdin} (and login, without a terminal) reads the token: the process's stdin, or a test's. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = Terminal.safe(spec.commandLine().getOut()); // the hub's answers are printed
        PrintWriter err = Terminal.safe(spec.commandLine().getErr());
        ClientEnvironment environment = ClientEnvironment.current();
        Optional<TokenSource.Found> typed;
        try {
            typed = options.given(stdin, err).or(() -> readToken(err).map(token -> new TokenSource.Found(token.strip(), "the input")));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        if (typed.isEmpty() || typed.get().token().isBlank()) {
            err.println("No token given: paste one at the prompt, or pipe it on stdin (hubkeep login < token.txt).");
            return ExitCodes.USAGE;
        }
        TokenSource.Found found = typed.get();
        Optional<String> malformed = Guidance.malformed(found);
        if (malformed.isPresent()) {
            err.println(malformed.get());
            return ExitCodes.USAGE;
        }
        String endpoint = environment.endpoint(options.endpoint());
        Whoami me;
        try {
            me = new HubClient(endpoint, Optional.of(found.token())).whoami();
        } catch (HubClientException e) {
            err.println(Guidance.refused(e, endpoint, found, Optional.empty()));
            return ExitCodes.REFUSED;
        }
        TokenStore.save(environment.tokenFile(), found.token(), me.tokenName().orElse("hubkeep"));
        out.println("Logged in to " + endpoint + " as " + me.name() + " with the token \"" + me.tokenName().orElse("?")
                + "\" (role " + me.tokenRole().orElse("?") + "). Saved to " + environment.tokenFile() + ".");
        return ExitCodes.OK;
    }

    private Optional<String> readToken(PrintWriter err) {
        // Null when stdin or stdout is not a terminal (Main selects the java.base console, which
        // behaves so on every JDK from 21 on): then the token comes from stdin.
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Token (input hidden): ");
            return typed == null ? Optional.empty() : Optional.of(new String(typed));
        }
        try {
            return Optional.of(ClientOptions.firstLine(stdin));
        } catch (UncheckedIOException e) {
            err.println("Could not read the token from stdin: " + e.getCause().getMessage());
            return Optional.empty();
        }
    }
}
