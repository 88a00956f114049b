package dev.hubkeep.server;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the hub.",
            "",
            "With no options it keeps everything under ./hubkeep-data: a SQLite database, repositories,",
            "and mail as .eml files in the outbox. Every option can also be set as a HUBKEEP_*",
            "environment variable (HUBKEEP_DATABASE_URL, …) or in the config file (--config)."
        })
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ServerOptions options;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: 8080).")
    String port;

    @Option(names = "--clamd", paramLabel = "SOCKET",
            description = "clamd's socket, unix:/path/to/clamd.ctl or host:port: every file is also scanned by ClamAV.")
    String clamd;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        ServerOptions.putIfSet(flags, "host", host);
        ServerOptions.putIfSet(flags, "port", port);
        ServerOptions.putIfSet(flags, "clamd", clamd);
        HubConfig config = options.load(flags);
        Hub hub = Hub.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: finishing requests in flight");
            hub.close();
            log.info("Stopped");
            stopped.countDown();
        }, "hubkeep-shutdown"));
        log.info("Data directory {}, database {}", config.dataDir(), config.databaseUrlForDisplay());
        System.out.println("Hubkeep is listening on " + hub.publicUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
