package dev.hubkeep.server;

import dev.hubkeep.cli.DownloadCommand;
import dev.hubkeep.cli.GpgCommand;
import dev.hubkeep.cli.PublisherCommand;
import dev.hubkeep.cli.LoginCommand;
import dev.hubkeep.cli.LogoutCommand;
import dev.hubkeep.cli.RepoCommand;
import dev.hubkeep.cli.TokenCommand;
import dev.hubkeep.cli.UploadCommand;
import dev.hubkeep.cli.WhoamiCommand;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.http.CannotListenException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hubkeep}: runs a hub ({@code serve}), operates on its data ({@code admin}), or uses one ({@code login}, {@code whoami}, {@code logout}). */
@Command(
        name = "hubkeep",
        mixinStandardHelpOptions = true,
        version = "Hubkeep 0.1.0",
        description = "A self-hosted model hub, compatible with the Hugging Face Hub's API and git protocol.",
        subcommands = {
            ServeCommand.class,
            AdminCommand.class,
            LoginCommand.class,
            WhoamiCommand.class,
            LogoutCommand.class,
            RepoCommand.class,
            UploadCommand.class,
            DownloadCommand.class,
            TokenCommand.class,
            GpgCommand.class,
            PublisherCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    /** Exit code when the hub or its data refused the request (bad value, taken name, …). */
    static final int REFUSED = 1;

    public static void main(String[] args) {
        // JDK 22+ hands out a console even when nothing is a terminal unless this one is chosen;
        // `hubkeep login` relies on "no console" meaning "read the token from stdin".
        System.setProperty("jdk.console", "java.base");
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof HubException || e instanceof ConfigException || e instanceof CannotListenException) {
                cmd.getErr().println("error: " + e.getMessage());
                return REFUSED;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
