package dev.hubkeep.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hubkeep login}: reads a token (hidden prompt on a terminal, else the first line of
 * stdin, or {@code --token}), checks it locally, validates it with the hub, and saves it where the
 * Hub's own clients look ({@code $HF_HOME/token}), readable only by the user.
 */
@Command(name = "login", description = "Save an access token for this and the Hub's own clients ($HF_HOME/token).")
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = Terminal.safe(spec.commandLine().getOut()); // the hub's answers are printed
        PrintWriter err = Terminal.safe(spec.commandLine().getErr());
        ClientEnvironment environment = ClientEnvironment.current();
        Optional<String> typed = options.token().or(() -> readToken(err));
        if (typed.isEmpty() || typed.get().isBlank()) {
            err.println("No token given: paste one at the prompt, pipe it on stdin, or pass --token.");
            return ExitCodes.USAGE;
        }
        TokenSource.Found found = new TokenSource.Found(typed.get().strip(), options.token().isPresent() ? "--token" : "the input");
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

    private static Optional<String> readToken(PrintWriter err) {
        // Null when stdin or stdout is not a terminal (Main selects the java.base console, which
        // behaves so on every JDK from 21 on): then the token comes from stdin.
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Token (input hidden): ");
            return typed == null ? Optional.empty() : Optional.of(new String(typed));
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            err.println("Could not read the token from stdin: " + e.getMessage());
            return Optional.empty();
        }
    }
}
