package dev.hubkeep.server;

import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.PepperRing;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.OperatorChanges;
import dev.hubkeep.server.trust.HubSigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Operator commands: they work on the data directory and database directly, server running or not. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Operate a hub's data directly (works whether or not a server is running on it).",
        subcommands = {
            AdminCommand.UserCommand.class,
            AdminCommand.TokenCommand.class,
            AdminCommand.OrgCommand.class,
            AdminServiceAccountCommand.class,
            AdminRepoCommand.class,
            AdminPublisherCommand.class,
            AdminCommand.PepperCommand.class,
            AdminCommand.SigningKeyCommand.class,
            AdminCommand.PlanCommand.class
        })
final class AdminCommand {

    @Command(
            name = "user",
            mixinStandardHelpOptions = true,
            description = "Manage accounts.",
            subcommands = {CreateUser.class, AdminLifecycleCommands.DeactivateUser.class,
                AdminLifecycleCommands.ReactivateUser.class, AdminLifecycleCommands.DeleteUser.class})
    static final class UserCommand {}

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Manage access tokens.",
            subcommands = {CreateToken.class})
    static final class TokenCommand {}

    @Command(
            name = "org",
            mixinStandardHelpOptions = true,
            description = "Manage organizations.",
            subcommands = {CreateOrg.class, AdminLifecycleCommands.DeleteOrg.class})
    static final class OrgCommand {}

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization with an admin.")
    static final class CreateOrg implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--name", required = true, description = "The organization's name (shares the namespace with users).")
        String name;

        @Option(names = "--owner", required = true, description = "The user who becomes its first admin.")
        String owner;

        @Override
        public Integer call() {
            var org = withServices(options, services -> services.orgs().createByOperator(name, owner));
            System.out.println("Created organization " + org.name() + " with admin " + owner + ".");
            return 0;
        }
    }

    @Command(
            name = "plan",
            mixinStandardHelpOptions = true,
            description = "Manage rate-limit plans (docs/limits.md).",
            subcommands = {SetPlan.class})
    static final class PlanCommand {}

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Put a user or an organization on a rate-limit plan: free, pro, team, enterprise, unlimited.",
                "An organization's plan applies to each member (the best of theirs and their own).",
                "Servers running on the same database apply it within a second, without a restart."
            })
    static final class SetPlan implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Holder holder;

        static final class Holder {
            @Option(names = "--user", description = "The user's name.")
            String user;

            @Option(names = "--org", description = "The organization's name.")
            String org;
        }

        @Parameters(index = "0", paramLabel = "PLAN", description = "The plan's name.")
        String plan;

        @Override
        public Integer call() {
            var set = withServices(options, services -> holder.user != null
                    ? services.plans().setUserPlan(holder.user, plan)
                    : services.plans().setOrgPlan(holder.org, plan));
            System.out.println((holder.user != null ? "User " + holder.user : "Organization " + holder.org)
                    + " is now on the " + set.name() + " plan.");
            return 0;
        }
    }

    @Command(
            name = "pepper",
            mixinStandardHelpOptions = true,
            description = "Manage the secret key token digests are made with.",
            subcommands = {RotatePepper.class})
    static final class PepperCommand {}

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Put a new token pepper first in the pepper file; existing tokens keep working and are",
                "re-digested under the new key at their next use. Restart running servers to pick it up."
            })
    static final class RotatePepper implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Override
        public Integer call() {
            HubConfig config = options.load();
            PepperRing ring = PepperRing.loadOrCreate(config.tokenPepperFile()).rotate();
            System.out.println("New token pepper " + ring.current().id() + " in " + config.tokenPepperFile()
                    + " (" + ring.previous().size() + " previous kept for lookups).");
            return 0;
        }
    }

    @Command(
            name = "signing-key",
            mixinStandardHelpOptions = true,
            description = "Manage the hub's OpenPGP key, which signs the commits the hub makes.",
            subcommands = {RotateSigningKey.class})
    static final class SigningKeyCommand {}

    @Command(
            name = "rotate",
            mixinStandardHelpOptions = true,
            description = {
                "Make a new commit signing key; the old one is retired, and the commits it signed stay verified.",
                "Running servers sign with the new key from their next commit; no restart is needed."
            })
    static final class RotateSigningKey implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Override
        public Integer call() {
            HubConfig config = options.load();
            HubSigningKeys keys = HubSigningKeys.loadOrCreate(config.dataDir().resolve("secrets"), config.mailFrom(),
                    Clock.systemUTC());
            String previous = keys.current().keyId();
            HubSigningKeys.Published current = keys.rotate();
            System.out.println("New commit signing key " + current.keyId() + " (fingerprint " + current.fingerprint() + ")."
                    + " Key " + previous + " is retired: it still verifies the commits it signed. Running servers"
                    + " sign with the new key from their next commit; no restart is needed.");
            return 0;
        }
    }

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
            User user = withServices(options, services -> services.accounts().createByOperator(
                    new SignupRequest(username, email, password, Optional.ofNullable(fullname)), verified, admin));
            System.out.println("Created user " + user.username() + (user.isAdmin() ? " (administrator)" : "")
                    + (user.emailVerified() ? "" : "; a verification mail was sent to " + user.email()) + ".");
            return 0;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create an access token for a user and print it: the token is the only output on stdout.",
                "It is shown this once; only its digest is stored."
            })
    static final class CreateToken implements Callable<Integer> {

        private static final Pattern DURATION = Pattern.compile("(\\d{1,5})([hdw])");

        @Mixin
        ServerOptions options;

        @Option(names = "--user", required = true, description = "The owner's username.")
        String user;

        @Option(names = "--name", required = true, description = "A name for the token, unique among the user's tokens.")
        String name;

        @Option(names = "--role", defaultValue = "read", description = "read, write or admin (default: read).")
        String role;

        @Option(
                names = "--expires",
                description = "Lifetime like 12h, 30d or 8w, or an ISO-8601 instant (default: never).")
        String expires;

        @Override
        public Integer call() {
            TokenRole tokenRole = TokenRole.parse(role);
            if (tokenRole == TokenRole.FINE_GRAINED) {
                throw new InvalidInputException("Fine-grained tokens are created through the API or the web page.");
            }
            Optional<Instant> expiresAt = Optional.ofNullable(expires).map(e -> parseExpiry(e, Clock.systemUTC()));
            TokenService.Created created = withServices(options, services -> services.tokens()
                    .createByOperator(user, new NewToken(name, tokenRole, Optional.empty(), expiresAt, List.of())));
            System.out.println(created.value());
            return 0;
        }

        static Instant parseExpiry(String text, Clock clock) {
            Matcher relative = DURATION.matcher(text.strip());
            if (relative.matches()) {
                long amount = Long.parseLong(relative.group(1));
                Duration unit = switch (relative.group(2)) {
                    case "h" -> Duration.ofHours(1);
                    case "d" -> Duration.ofDays(1);
                    default -> Duration.ofDays(7);
                };
                return clock.instant().plus(unit.multipliedBy(amount));
            }
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "--expires takes a lifetime like 12h, 30d or 8w, or an instant like 2027-01-31T00:00:00Z.");
            }
        }
    }

    static <T> T withServices(ServerOptions options, Function<Services, T> work) {
        HubConfig config = options.load();
        try (Database database = Hub.openDatabase(config)) {
            Services services = Services.create(
                    config, database, Clock.systemUTC(), () -> config.publicUrl().orElse(Hub.defaultPublicUrl(config)));
            // Servers running on this database drop what their caches hold of what the command changes.
            OperatorChanges.forwardToServers(database, services.changes(), Clock.systemUTC());
            return work.apply(services);
        }
    }

    /** {@link #withServices} for work that answers nothing. */
    static void runWithServices(ServerOptions options, Consumer<Services> work) {
        withServices(options, services -> {
            work.accept(services);
            return null;
        });
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
