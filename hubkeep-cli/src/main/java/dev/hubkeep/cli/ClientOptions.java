package dev.hubkeep.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that talks to a hub shares. */
public final class ClientOptions {

    /** Why {@code --token} is discouraged, and what to use instead. */
    static final String TOKEN_FLAG_WARNING = "Warning: --token shows the token to every user of this machine (in the"
            + " process list) and leaves it in your shell history. Use --token-stdin (e.g. --token-stdin < token.txt),"
            + " the HF_TOKEN variable, or `hubkeep login` instead.";

    @Option(names = "--endpoint", description = "The hub's URL (default: HF_ENDPOINT, else " + ClientEnvironment.DEFAULT_ENDPOINT + ").")
    String endpoint;

    @Option(names = "--token", description = "The access token (default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, .env, then the saved login)."
            + " Other users of this machine can see it in the process list: prefer --token-stdin or HF_TOKEN.")
    String token;

    @Option(names = "--token-stdin", description = "Read the access token from the first line of stdin.")
    boolean tokenStdin;

    Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * The token given on the command line, by {@code --token} (with a warning on {@code err}) or
     * {@code --token-stdin} (read from {@code stdin}); empty if neither was used.
     *
     * @throws IllegalArgumentException both were used, or stdin held no token
     */
    Optional<TokenSource.Found> given(InputStream stdin, PrintWriter err) {
        if (token != null && tokenStdin) {
            throw new IllegalArgumentException("Give the token one way: --token or --token-stdin, not both.");
        }
        if (token != null) {
            err.println(TOKEN_FLAG_WARNING);
            return Optional.of(new TokenSource.Found(token.strip(), "--token"));
        }
        if (!tokenStdin) {
            return Optional.empty();
        }
        String line = firstLine(stdin).strip();
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--token-stdin found no token on stdin. Pipe it in, as in"
                    + " `hubkeep whoami --token-stdin < token.txt`, or set HF_TOKEN.");
        }
        return Optional.of(new TokenSource.Found(line, "--token-stdin"));
    }

    /**
     * The first line of {@code in}, without its line break; read a byte at a time so that nothing
     * after it is consumed (a command may read the rest of stdin, as {@code gpg add -} does).
     */
    static String firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read stdin", e);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
