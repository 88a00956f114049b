package dev.hubkeep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the token to use, in the documented order: {@code --token}, {@code HF_TOKEN},
 * {@code HUGGING_FACE_HUB_TOKEN}, a {@code .env} file in the working directory, then the token
 * file ({@code $HF_HOME/token}, the file {@code hf auth login} writes). What is found is trimmed,
 * as a pasted value often carries a newline.
 */
public final class TokenSource {

    /** A token and where it came from, for messages ("the token in HF_TOKEN …"). */
    public record Found(String token, String source) {
        @Override
        public String toString() {
            return "Found[" + source + "]"; // never the value
        }
    }

    private TokenSource() {}

    public static Optional<Found> resolve(Optional<String> flag, ClientEnvironment environment) {
        if (flag.isPresent()) {
            return Optional.of(new Found(flag.get().strip(), "--token"));
        }
        for (String variable : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")) {
            Optional<String> value = environment.variable(variable);
            if (value.isPresent()) {
                return Optional.of(new Found(value.get().strip(), variable));
            }
        }
        Optional<String> fromDotEnv = dotEnv(environment.workingDir().resolve(".env"));
        if (fromDotEnv.isPresent()) {
            return Optional.of(new Found(fromDotEnv.get(), ".env"));
        }
        return TokenStore.read(environment.tokenFile()).map(token -> new Found(token, environment.tokenFile().toString()));
    }

    /** {@code HF_TOKEN} (or {@code HUGGING_FACE_HUB_TOKEN}) from a dotenv file: {@code KEY=value}, optionally quoted or exported. */
    static Optional<String> dotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        for (String key : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")) {
            for (String raw : lines) {
                String line = raw.strip();
                if (line.startsWith("export ")) {
                    line = line.substring("export ".length()).strip();
                }
                if (line.startsWith(key + "=")) {
                    String value = line.substring(key.length() + 1).strip();
                    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!value.isBlank()) {
                        return Optional.of(value.strip());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
