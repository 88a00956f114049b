package dev.hubkeep.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.Chromium;
import dev.hubkeep.server.testing.ClientScript;
import dev.hubkeep.server.testing.HubProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code hf auth login} of the real huggingface_hub (pinned in acceptance/python), with no token and
 * no terminal, takes the browser login: it prints the verification URL and polls while Debian's
 * Chromium signs in and approves the code; the client saves the token, {@code hf auth whoami} names
 * the user, and once the token is near its expiry the client renews it with the refresh grant on
 * its own. One journey, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HfDeviceLoginIT {

    private static final Pattern URL = Pattern.compile("(http\\S+/oauth/device\\?user_code=[A-Z-]+)");

    @TempDir
    static Path dir;

    static HubProcess hub;
    static ChromeDriver browser;
    static Path hfHome;
    static String firstToken;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        HubProcess.userWithToken(data, "alice", "unused", "read");
        hub = HubProcess.serve(data);
        browser = Chromium.start(dir.resolve("profile"), 1200, 900);
        hfHome = Files.createDirectories(dir.resolve("hf-home"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
    }

    @Test
    @Order(1)
    void login_noTokenNoTerminal_browserApproves_clientSavesTheToken() throws Exception {
        Path output = dir.resolve("login.out");
        Process login = hf(List.of("auth", "login"), output);
        try {
            Await.until(Duration.ofSeconds(60), "hf auth login prints the verification URL",
                    () -> URL.matcher(read(output)).find());
            Matcher url = URL.matcher(read(output));
            assertThat(url.find()).isTrue();

            signIn();
            browser.get(url.group(1));
            browser.findElement(By.cssSelector("input[name=role][value=write]")).click();
            browser.findElement(By.cssSelector("#approve button[type=submit]")).click();
            wait(By.id("done"));

            assertThat(login.waitFor(60, TimeUnit.SECONDS)).as(read(output)).isTrue();
            assertThat(login.exitValue()).as(read(output)).isZero();
        } finally {
            login.destroyForcibly();
        }
        firstToken = Files.readString(hfHome.resolve("token")).strip();
        assertThat(hub.browser().send(hub.browser().request("/api/whoami-v2")
                .header("Authorization", "Bearer " + firstToken).build()).json().path("name").asText()).isEqualTo("alice");
    }

    @Test
    @Order(2)
    void whoami_namesTheUser() throws Exception {
        assertThat(run(List.of("auth", "whoami"))).contains("alice");
    }

    @Test
    @Order(3)
    void tokenNearItsExpiry_clientRefreshesIt_oldValueRefused() throws Exception {
        Path stored = hfHome.resolve("stored_tokens");
        // Within a day of expiry the client renews the token before using it (utils/_auth.py).
        Files.writeString(stored, Files.readString(stored).replaceAll("expires_at = \\d+",
                "expires_at = " + (Instant.now().getEpochSecond() + 60)));

        assertThat(run(List.of("auth", "whoami"))).contains("alice");

        String renewed = Files.readString(hfHome.resolve("token")).strip();
        assertThat(renewed).isNotEqualTo(firstToken);
        assertThat(status(firstToken)).isEqualTo(401);
        assertThat(status(renewed)).isEqualTo(200);
    }

    private static int status(String token) {
        return hub.browser().send(hub.browser().request("/api/whoami-v2").header("Authorization", "Bearer " + token).build())
                .status();
    }

    private static void signIn() {
        browser.get(hub.uri().resolve("/login").toString());
        browser.findElement(By.name("username")).sendKeys("alice");
        browser.findElement(By.name("password")).sendKeys("alice's password");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        wait(By.className("who"));
    }

    private static void wait(By what) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    /** {@code hf} of the acceptance venv, its stdin no terminal, output to {@code output}. */
    private static Process hf(List<String> args, Path output) throws IOException {
        Path hf = ClientScript.acceptance("python").resolve(".venv/bin/hf");
        assertThat(hf).as("the venv ./run-tests makes in acceptance/python").isExecutable();
        ProcessBuilder builder = new ProcessBuilder(concat(hf.toString(), args))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("HF_ENDPOINT", hub.uri().toString().replaceAll("/$", ""));
        builder.environment().put("HF_HOME", hfHome.toString());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().remove("HF_TOKEN");
        return builder.start();
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "hf", ".out");
        Process process = hf(args, output);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(read(output)).isTrue();
            assertThat(process.exitValue()).as(read(output)).isZero();
            return read(output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
