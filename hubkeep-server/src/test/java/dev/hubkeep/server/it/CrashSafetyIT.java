package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.HubProcess;
import dev.hubkeep.server.testing.Response;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL in the middle of sign-ups loses no acknowledged account and leaves the database sound. */
class CrashSafetyIT {

    @TempDir
    Path dir;

    @Test
    void sigkillDuringSignups_everyAcknowledgedAccountSurvives() throws Exception {
        Path data = dir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        // Sign-ups are throttled per address: each comes "through a proxy" from an address of its own.
        Path config = dir.resolve("hubkeep.conf");
        Files.writeString(config, "trusted-proxies = 127.0.0.1, ::1\n");
        try (HubProcess hub = HubProcess.serve(data, "--config", config.toString());
                ExecutorService clients = Executors.newFixedThreadPool(6)) {
            for (int c = 0; c < 6; c++) {
                Browser browser = hub.browser();
                clients.submit(() -> signUpUntilRefused(browser, next, acknowledged));
            }
            Await.until(Duration.ofMinutes(2), "40 acknowledged sign-ups", () -> acknowledged.size() >= 40);
            hub.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(integrityCheck(data)).isEqualTo("ok");
        try (HubProcess restarted = HubProcess.serve(data)) {
            Browser browser = restarted.browser();
            List<String> lost = acknowledged.stream()
                    .filter(name -> login(browser, name).status() != 200)
                    .toList();
            assertThat(lost).as("acknowledged accounts that cannot sign in after the crash").isEmpty();
        }
    }

    private static void signUpUntilRefused(Browser browser, AtomicInteger next, Set<String> acknowledged) {
        while (true) {
            String name = "user" + next.incrementAndGet();
            try {
                int n = Integer.parseInt(name.substring("user".length()));
                Response response = browser.send(browser.request("/api/signup")
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"username": "%s", "email": "%s@example.com", "password": "password-of-%s"}"""
                                .formatted(name, name, name)))
                        .build());
                if (response.status() == 201) {
                    acknowledged.add(name);
                }
            } catch (RuntimeException connectionGone) {
                return;
            }
        }
    }

    private static Response login(Browser browser, String name) {
        return browser.postJson("/api/login", """
                {"username": "%s", "password": "password-of-%s"}""".formatted(name, name));
    }

    private static String integrityCheck(Path data) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("hubkeep.db"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }
}
