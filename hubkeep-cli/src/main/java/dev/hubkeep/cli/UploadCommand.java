package dev.hubkeep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hubkeep upload REPO PATH [PATH_IN_REPO]}: a file or a folder, as one commit. */
@Command(name = "upload", description = "Upload a file or a folder to a repository, as one commit (large files over LFS).")
public final class UploadCommand extends HubCommand {

    @Parameters(index = "0", paramLabel = "REPO", description = "namespace/name")
    String repo;

    @Parameters(index = "1", paramLabel = "PATH", description = "The local file or folder.")
    Path local;

    @Parameters(index = "2", paramLabel = "PATH_IN_REPO", defaultValue = "", description = "Where it goes (default: the file's name, or the root for a folder).")
    String pathInRepo;

    @Option(names = "--type", defaultValue = "model", description = "model, dataset or space.")
    String type;

    @Option(names = "--revision", defaultValue = "main", description = "The branch to commit to.")
    String revision;

    @Option(names = {"--message", "-m"}, description = "The commit message.")
    String message;

    @Override
    Optional<RepoId> repository() {
        return Optional.of(RepoId.parse(repo, type));
    }

    @Override
    int run(HubClient client, PrintWriter out, Progress progress) {
        RepoId id = RepoId.parse(repo, type);
        String summary = message != null ? message : "Upload " + local.getFileName() + " with hubkeep";
        String commit = client.upload(id, local, pathInRepo, revision, summary, progress);
        out.println(client.endpoint() + id.web() + "/commit/" + commit);
        return ExitCodes.OK;
    }
}
