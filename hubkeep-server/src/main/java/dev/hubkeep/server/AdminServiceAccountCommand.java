package dev.hubkeep.server;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.OrgToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.orgs.ServiceAccount;
import dev.hubkeep.server.orgs.ServiceAccountService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hubkeep admin service-account …}. Like every operator command they work on the database
 * directly, and servers running on it hear of the change within about a second
 * ({@code store.OperatorChanges}). The API does all of these too, at once.
 */
@Command(
        name = "service-account",
        mixinStandardHelpOptions = true,
        description = "Manage organizations' service accounts and their tokens (organization tokens).",
        subcommands = {
            AdminServiceAccountCommand.Create.class,
            AdminServiceAccountCommand.ListAccounts.class,
            AdminServiceAccountCommand.Delete.class,
            AdminServiceAccountCommand.TokenCommand.class
        })
final class AdminServiceAccountCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a service account of an organization.")
    static final class Create implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization that owns it.")
        String org;

        @Option(names = "--name", required = true, description = "Its name within the organization (shown as org/name).")
        String name;

        @Option(names = "--role", defaultValue = "read", description = "Its role in the organization: read or write (default: read).")
        String role;

        @Override
        public Integer call() {
            OrgRole orgRole = OrgRole.parse(role)
                    .orElseThrow(() -> new InvalidInputException("--role must be read or write, not '" + role + "'."));
            ServiceAccount created = AdminCommand.withServices(options,
                    services -> services.serviceAccounts().createByOperator(org, name, orgRole));
            System.out.println("Created service account " + created.username() + " with role " + orgRole.wireName() + ".");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's service accounts.")
    static final class ListAccounts implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization.")
        String org;

        @Override
        public Integer call() {
            List<ServiceAccount> accounts = AdminCommand.withServices(options, services -> services.serviceAccounts().list(org));
            accounts.forEach(a -> System.out.println(a.username() + "\t" + a.role().wireName() + "\t" + a.createdAt()));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a service account; its tokens are revoked.")
    static final class Delete implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization.")
        String org;

        @Option(names = "--name", required = true, description = "The service account's name within it.")
        String name;

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.serviceAccounts().deleteByOperator(org, name));
            System.out.println("Deleted service account " + org + "/" + name + "; its tokens are revoked.");
            return 0;
        }
    }

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Manage organization tokens (tokens of service accounts).",
            subcommands = {CreateToken.class, ListTokens.class, RevokeToken.class})
    static final class TokenCommand {}

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a fine-grained token of a service account and print it: the token is the only output on stdout.",
                "It reaches the repositories named with --repo (or the whole organization), for reading, or writing with --write."
            })
    static final class CreateToken implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization.")
        String org;

        @Option(names = "--account", required = true, description = "The service account's name within it.")
        String account;

        @Option(names = "--name", required = true, description = "A name for the token, unique among the account's tokens.")
        String name;

        @Option(names = "--repo", description = "A repository of the organization (org/name, datasets/org/name, spaces/org/name);"
                + " repeatable. Default: every repository of the organization.")
        List<String> repos = new ArrayList<>();

        @Option(names = "--write", description = "Grant writing as well as reading.")
        boolean write;

        @Option(names = "--expires", description = "Lifetime like 12h, 30d or 8w, or an ISO-8601 instant (default: never,"
                + " unless the organization's token policy demands one).")
        String expires;

        @Override
        public Integer call() {
            Set<String> permissions = write ? Set.of("repo.content.read", "repo.write") : Set.of("repo.content.read");
            List<FineGrained.Scoped> scoped = repos.isEmpty()
                    ? List.of(new FineGrained.Scoped(FineGrained.EntityType.ORG, org, permissions))
                    : repos.stream().map(r -> scopedRepo(r, permissions)).toList();
            Optional<Instant> expiresAt = Optional.ofNullable(expires)
                    .map(e -> AdminCommand.CreateToken.parseExpiry(e, Clock.systemUTC()));
            NewToken spec = new NewToken(name, TokenRole.FINE_GRAINED, Optional.of(new FineGrained(scoped, List.of(), false)),
                    expiresAt, List.of());
            TokenService.Created created = AdminCommand.withServices(options, services -> {
                ServiceAccountService accounts = services.serviceAccounts();
                return accounts.issueToken(accounts.get(org, account), spec, ServiceAccountService.Issuer.operator(), "local");
            });
            System.out.println(created.value());
            return 0;
        }

        private static FineGrained.Scoped scopedRepo(String repo, Set<String> permissions) {
            for (FineGrained.EntityType type : List.of(FineGrained.EntityType.DATASET, FineGrained.EntityType.SPACE)) {
                String prefix = type.wireName() + "s/";
                if (repo.startsWith(prefix)) {
                    return new FineGrained.Scoped(type, repo.substring(prefix.length()), permissions);
                }
            }
            return new FineGrained.Scoped(FineGrained.EntityType.MODEL, repo, permissions);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's live tokens (never their values).")
    static final class ListTokens implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization.")
        String org;

        @Override
        public Integer call() {
            List<OrgToken> tokens = AdminCommand.withServices(options, services -> services.serviceAccounts().tokens(org));
            tokens.forEach(t -> System.out.println(t.token().id() + "\t" + t.serviceAccount() + "\t" + t.token().name()
                    + "\t" + t.token().hint() + "\tby " + t.createdBy().orElse("-")
                    + "\texpires " + t.token().expiresAt().map(Instant::toString).orElse("never")));
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke one of an organization's tokens by its id.")
    static final class RevokeToken implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--org", required = true, description = "The organization.")
        String org;

        @Option(names = "--id", required = true, description = "The token's id (from 'token list').")
        String id;

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.serviceAccounts().revokeTokenByOperator(org, id));
            System.out.println("Revoked token " + id + " of " + org + ".");
            return 0;
        }
    }
}
