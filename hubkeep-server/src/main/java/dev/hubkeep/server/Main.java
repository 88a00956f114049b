package dev.hubkeep.server;

import dev.hubkeep.server.errors.HubException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hubkeep}: runs a hub ({@code serve}) or operates on one's data ({@code admin}). */
@Command(
        name = "hubkeep",
        mixinStandardHelpOptions = true,
        version = "Hubkeep 0.1.0",
        description = "A self-hosted model hub, compatible with the Hugging Face Hub's API and git protocol.",
        subcommands = {ServeCommand.class, AdminCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code when the hub or its data refused the request (bad value, taken name, …). */
    static final int REFUSED = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof HubException || e instanceof ConfigException) {
                cmd.getErr().println("error: " + e.getMessage());
                return REFUSED;
            }
            throw e;
        });
        return commandLine.execute(args);
    }
}
