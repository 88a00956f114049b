package dev.hubkeep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hubkeep download REPO [FILE…] [--local-dir DIR]}: resumable, hash-checked. */
@Command(name = "download", description = "Download files (default: all) into --local-dir or the Hub cache ($HF_HOME/hub).")
public final class DownloadCommand extends HubCommand {

    @Parameters(index = "0", paramLabel = "REPO", description = "namespace/name")
    String repo;

    @Parameters(index = "1..*", paramLabel = "FILE", description = "Files to download (default: every file).")
    List<String> files = List.of();

    @Option(names = "--type", defaultValue = "model", description = "model, dataset or space.")
    String type;

    @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit.")
    String revision;

    @Option(names = "--local-dir", description = "Put the files here instead of the Hub cache.")
    Path localDir;

    @Override
    Optional<RepoId> repository() {
        return Optional.of(RepoId.parse(repo, type));
    }

    @Override
    int run(HubClient client, PrintWriter out, Progress progress) {
        Downloader.Target target = localDir != null
                ? new Downloader.Target.Folder(localDir.toAbsolutePath())
                : new Downloader.Target.Cache(environment().hfHome().resolve("hub"));
        out.println(client.download(RepoId.parse(repo, type), revision, files, target, progress));
        return ExitCodes.OK;
    }
}
