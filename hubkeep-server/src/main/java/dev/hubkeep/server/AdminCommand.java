package dev.hubkeep.server;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Operator commands: they work on the data directory and database directly, server running or not. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Operate a hub's data directly (works whether or not a server is running on it).",
        subcommands = {AdminCommand.UserCommand.class})
final class AdminCommand {

    @Command(
            name = "user",
            mixinStandardHelpOptions = true,
            description = "Manage accounts.",
            subcommands = {CreateUser.class})
    static final class UserCommand {}

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an account.")
    static final class CreateUser implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--username", required = true, description = "The account name.")
        String username;

        @Option(names = "--email", required = true, description = "The account's email address.")
        String email;

        @Option(names = "--fullname", description = "Display name (default: the username).")
        String fullname;

        @Option(
                names = "--password-stdin",
                required = true,
                description = "Read the password from standard input (never from the command line).")
        boolean passwordStdin;

        @Option(names = "--verified", description = "Mark the email as verified; no verification mail is sent.")
        boolean verified;

        @Option(names = "--admin", description = "Make the account a hub administrator.")
        boolean admin;

        @Override
        public Integer call() throws IOException {
            String password = readPassword(System.in);
            HubConfig config = options.load();
            try (Database database = Hub.openDatabase(config)) {
                AccountService accounts = Hub.accountService(config, database, Clock.systemUTC(), () -> config.publicUrl()
                        .orElse("http://" + config.host() + ":" + config.port()));
                User user = accounts.createByOperator(
                        new SignupRequest(username, email, password, Optional.ofNullable(fullname)), verified, admin);
                System.out.println("Created user " + user.username() + (user.isAdmin() ? " (administrator)" : "")
                        + (user.emailVerified() ? "" : "; a verification mail was sent to " + user.email()) + ".");
            }
            return 0;
        }
    }

    /** The whole of standard input, less the line break a shell or {@code echo} adds at the end. */
    static String readPassword(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
