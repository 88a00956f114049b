package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real {@code git} command line, isolated from the machine's configuration and never prompting. */
public final class GitCli {

    /** What a git command did. */
    public record Result(int exit, String stdout, String stderr) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private final Path home;
    private final java.util.Map<String, String> environment;

    public GitCli(Path home) {
        this(home, java.util.Map.of());
    }

    private GitCli(Path home, java.util.Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve(".gitconfig"), """
                    [user]
                    \tname = Test User
                    \temail = test@example.com
                    [init]
                    \tdefaultBranch = main
                    [advice]
                    \tdetachedHead = false
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same git with one more environment variable (e.g. {@code GNUPGHOME} for signing). */
    public GitCli with(String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(environment);
        more.put(name, value);
        return new GitCli(home, java.util.Map.copyOf(more));
    }

    public Result run(Path workingDir, String... args) {
        return run(workingDir, null, args);
    }

    /** Runs with {@code input} (a file) as standard input, as for {@code git fast-import} or {@code git mktree}. */
    public Result runWithInput(Path workingDir, Path input, String... args) {
        return run(workingDir, input, args);
    }

    private Result run(Path workingDir, Path input, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_ASKPASS", "/bin/false");
        builder.environment().remove("GIT_DIR");
        builder.environment().putAll(environment);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test if git fails. */
    public String ok(Path workingDir, String... args) {
        Result result = run(workingDir, args);
        if (!result.ok()) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + result.exit() + "): " + result.stderr());
        }
        return result.stdout();
    }

    /** {@code http://user:token@host:port/path}: the token as the Basic password, as the Hub documents. */
    public static String url(java.net.URI hub, String token, String path) {
        String credentials = token == null ? "" : "hubkeep-user:" + token + "@";
        return "http://" + credentials + hub.getHost() + ":" + hub.getPort() + "/" + path;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
