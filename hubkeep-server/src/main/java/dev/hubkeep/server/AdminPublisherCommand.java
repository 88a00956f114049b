package dev.hubkeep.server;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.oauth.PublishedRepo;
import dev.hubkeep.server.oauth.TrustedPublisher;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgMember;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hubkeep admin publisher list|delete}: a user's or an organization's trusted publishers, for
 * the operator (say, one that lets in more than it should, while its owner is away). Registering
 * stays with their owners ({@code hubkeep publisher add}, the API, the settings pages). Deleting one
 * revokes the tokens it got, audited in its owner's log as by {@code operator}.
 */
@Command(
        name = "publisher",
        mixinStandardHelpOptions = true,
        description = "List or delete users' and organizations' trusted publishers (docs/trusted-publishers.md).",
        subcommands = {AdminPublisherCommand.ListPublishers.class, AdminPublisherCommand.DeletePublisher.class})
final class AdminPublisherCommand {

    /** Whose publishers: exactly one of a user and an organization. */
    static final class Owner {
        @Option(names = "--user", description = "The user's name.")
        String user;

        @Option(names = "--org", description = "The organization's name.")
        String org;

        TrustedPublisher.Owner resolve(Services services) {
            if (user != null) {
                User found = services.accounts().findByUsername(user).filter(u -> !u.isService())
                        .orElseThrow(() -> new NotFoundException("No user named '" + user + "'."));
                return new TrustedPublisher.UserOwner(found.id(), found.username());
            }
            Org found = services.orgs().get(org);
            return new TrustedPublisher.OrgOwner(found.id(), found.name(), "");
        }

        /** The account the operator's event is filed under: the user, or one of the organization's admins. */
        String auditUserId(Services services, TrustedPublisher.Owner owner) {
            return switch (owner) {
                case TrustedPublisher.UserOwner u -> u.userId();
                case TrustedPublisher.OrgOwner o -> services.orgs().members(o.orgName()).stream()
                        .filter(m -> m.role() == OrgRole.ADMIN).map(OrgMember::userId).findFirst().orElseThrow();
            };
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = {
        "List a user's or an organization's trusted publishers, one a line:",
        "id, name, issuer, claim rules, repositories, access, lifetime, service account (an organization's)."
    })
    static final class ListPublishers implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Owner owner;

        @Override
        public Integer call() {
            List<TrustedPublisher> found = AdminCommand.withServices(options,
                    services -> services.publishers().list(owner.resolve(services)));
            for (TrustedPublisher p : found) {
                String rules = p.rules().equal().entrySet().stream().map(r -> r.getKey() + "=" + r.getValue())
                        .collect(Collectors.joining(","));
                String repos = p.repositories().stream().map(PublishedRepo::wire).collect(Collectors.joining(","));
                String account = p.owner() instanceof TrustedPublisher.OrgOwner o ? "\t" + o.orgName() + "/" + o.serviceAccount() : "";
                System.out.println(p.id() + "\t" + p.name() + "\t" + p.issuer() + "\t" + rules + "\t" + repos + "\t"
                        + p.accessName() + "\t" + p.lifetime().toMinutes() + "m" + account);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a trusted publisher; the tokens it got are revoked.")
    static final class DeletePublisher implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Owner owner;

        @Option(names = "--id", required = true, description = "The publisher's id (from 'publisher list').")
        String id;

        @Override
        public Integer call() {
            String name = AdminCommand.withServices(options, services -> {
                TrustedPublisher.Owner resolved = owner.resolve(services);
                TrustedPublisher publisher = services.publishers().get(resolved, id);
                services.publishers().deleteByOperator(owner.auditUserId(services, resolved), resolved, id);
                return resolved.namespace() + "'s " + publisher.name();
            });
            System.out.println("Deleted trusted publisher " + name + "; the tokens it got are revoked.");
            return 0;
        }
    }
}
