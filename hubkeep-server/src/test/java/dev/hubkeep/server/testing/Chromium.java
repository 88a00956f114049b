package dev.hubkeep.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromedriver (packages {@code chromium} and
 * {@code chromium-driver}, installed by {@code .ci/run}), with a fresh profile and nothing that
 * reaches out to the network on its own.
 */
public final class Chromium {

    private Chromium() {}

    public static ChromeDriver start(Path profile, int width, int height) {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium")) || !Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
            throw new AssertionError("The browser tests need Debian's chromium and chromium-driver: apt-get install"
                    + " chromium chromium-driver (.ci/run does).");
        }
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
