package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Chromium;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.GitCli;
import dev.hubkeep.server.testing.Gpg;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rest of the web interface's acceptance journey, in Debian's headless Chromium (the first part,
 * from joining to tokens, is {@link BrowserJourneyTest}): alice creates an organization and adds bob
 * with the read role; creates a repository in it, adds her OpenPGP key, and pushes with the real git a
 * commit signed by it, one signed by a key on no account, and an unsigned one, and sees their badges;
 * writes the model card in the browser editor and uploads a file through the page (to LFS, with its
 * progress); bob, a reader, is offered no editor; alice gates the repository, carol asks for access,
 * alice accepts, and carol downloads. One journey, in order: each step stands on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrgRepoJourneyTest {

    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    static final String XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    @TempDir
    static Path dir;

    static TestHub hub;
    static ChromeDriver browser;
    static Gpg gpg;
    static GitCli git;
    static String aliceToken;
    static String carolToken;
    static byte[] uploaded;

    @BeforeAll
    static void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        aliceToken = hub.createToken(hub.verifiedUser("alice"), "git", "write");
        hub.verifiedUser("bob");
        carolToken = hub.createToken(hub.verifiedUser("carol"), "reader", "read");
        gpg = new Gpg(dir.resolve("gnupg"));
        git = new GitCli(dir.resolve("home")).with("GNUPGHOME", gpg.home().toString());
        browser = Chromium.start(dir.resolve("profile"), 1200, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gpg != null) {
            gpg.close();
        }
        hub.close();
    }

    @Test
    @Order(1)
    void organization_createdWithAMemberOfTheReadRole() {
        signIn("alice");
        open("/organizations/new");
        type("name", "acme");
        type("fullname", "Acme Research");
        submit(By.cssSelector("main button[type=submit]"));

        open("/organizations/acme/settings/members");
        WebElement add = browser.findElement(By.id("add-member"));
        add.findElement(By.name("username")).sendKeys("bob");
        new Select(add.findElement(By.name("role"))).selectByValue("read");
        submit(By.cssSelector("#add-member button[type=submit]"));

        assertThat(api(aliceToken).get("/api/organizations/acme/members").body()).contains("\"bob\"").contains("\"read\"");
    }

    @Test
    @Order(2)
    void repository_createdOnThePage_pushedCommitsCarryTheirBadges() throws Exception {
        open("/new");
        new Select(browser.findElement(By.name("owner"))).selectByValue("acme");
        type("name", "model");
        submit(By.cssSelector("main button[type=submit]"));
        assertThat(browser.getCurrentUrl()).endsWith("/acme/model");

        String key = gpg.generate("Alice <alice@example.com>", "1y");
        open("/settings/gpg-keys");
        type("key", gpg.exportPublic(key));
        submit(By.cssSelector("#add-key button[type=submit]"));
        String stranger = gpg.generate("Mallory <alice@example.com>", "1y"); // her email, a key on no account

        git.ok(dir, "clone", "-q", GitCli.url(hub.uri(), aliceToken, "acme/model"), "work");
        Path work = dir.resolve("work");
        git.ok(work, "config", "user.name", "Alice");
        git.ok(work, "config", "user.email", "alice@example.com");
        String signed = commit(work, "signed.txt", "Signed by a key on the account", "-S" + key + "!");
        String unknown = commit(work, "unknown.txt", "Signed by a key on no account", "-S" + stranger + "!");
        String unsigned = commit(work, "unsigned.txt", "Not signed", "--no-gpg-sign");
        git.ok(work, "push", "-q", "origin", "main");

        open("/acme/model/commits/main");
        assertThat(commitLine(signed).getText()).contains("Verified");
        assertThat(commitLine(unknown).getText()).contains("Unverified").doesNotContain("Verified");
        assertThat(commitLine(unknown).findElement(By.className("unverified")).getDomAttribute("title")).contains("on no account");
        assertThat(commitLine(unsigned).findElements(By.className("badge"))).isEmpty();
    }

    @Test
    @Order(3)
    void modelCard_writtenInTheBrowserEditor_oneCommitSignedByTheHub() throws IOException {
        open("/acme/model");
        browser.findElement(By.id("edit-link")).click();
        WebElement text = waitFor(By.id("content"));
        text.sendKeys("# Acme model\n\nTrained on " + XSS + "\n\n| split | accuracy |\n| --- | ---: |\n| test | 0.91 |\n");
        browser.executeScript("window.scrollTo(0, 0);");
        screenshot("editor.png");
        type("summary", "Write the card " + XSS);
        submit(By.cssSelector("#edit button[type=submit]"));

        open("/acme/model");
        WebElement card = browser.findElement(By.id("readme"));
        assertThat(card.getText()).contains("Trained on " + XSS);
        assertThat(card.findElement(By.cssSelector("table td[align=right]")).getText()).isEqualTo("0.91");
        open("/acme/model/commits/main");
        assertThat(browser.findElement(By.cssSelector("#commits li")).getText()).contains("Write the card " + XSS, "Verified");
    }

    @Test
    @Order(4)
    void file_uploadedThroughThePage_toLfsWithItsProgress() throws IOException {
        uploaded = new byte[3 * 1024 * 1024];
        new Random(15).nextBytes(uploaded);
        Path file = dir.resolve("weights.bin");
        Files.write(file, uploaded);
        open("/acme/model/tree/main");
        browser.findElement(By.id("upload-link")).click();
        waitFor(By.id("files")).sendKeys(file.toAbsolutePath().toString());
        type("summary", "Add the weights");
        assertThat(browser.findElement(By.id("upload")).getDomAttribute("data-ready")).as("the script sends it, with progress")
                .isEqualTo("1");
        browser.findElement(By.id("upload-submit")).click();

        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.urlMatches(".*/acme/model/tree/main$"));
        assertThat(waitFor(By.id("entries")).getText()).contains("weights.bin", "LFS");
        assertThat(api(aliceToken).sendForBytes(api(aliceToken).request("/acme/model/resolve/main/weights.bin").GET().build())
                .body()).isEqualTo(uploaded);
    }

    @Test
    @Order(5)
    void readMember_offeredNoEditor_andRefusedIt() {
        signOut();
        signIn("bob");

        open("/acme/model/blob/main/README.md");
        assertThat(browser.findElements(By.id("editor-links"))).isEmpty();
        open("/acme/model/edit/main/README.md");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
    }

    @Test
    @Order(6)
    void gated_requestAccepted_thenTheRequesterDownloads() {
        signOut();
        signIn("alice");
        open("/acme/model/settings");
        browser.findElement(By.cssSelector("input[name=gated][value=manual]")).click();
        submit(By.cssSelector("#settings button[type=submit]"));
        assertThat(api(carolToken).get("/acme/model/resolve/main/README.md").status()).isEqualTo(403);

        signOut();
        signIn("carol");
        open("/acme/model");
        browser.findElement(By.id("next")).click(); // the refusal's Request access button
        waitFor(By.name("message")).sendKeys("For a benchmark.");
        submit(By.cssSelector("#ask button[type=submit]"));

        signOut();
        signIn("alice");
        open("/acme/model/access-requests");
        submit(By.cssSelector("button[aria-label='Accept carol']"));

        assertThat(api(carolToken).get("/acme/model/resolve/main/README.md").body()).contains("# Acme model");
        assertThat(api(carolToken).sendForBytes(api(carolToken).request("/acme/model/resolve/main/weights.bin").GET().build())
                .body()).isEqualTo(uploaded);
    }

    private static String commit(Path work, String file, String message, String signing) throws IOException {
        Files.writeString(work.resolve(file), message + "\n");
        git.ok(work, "add", file);
        git.ok(work, "commit", "-q", signing, "-m", message);
        return git.ok(work, "rev-parse", "HEAD").strip();
    }

    private static WebElement commitLine(String sha) {
        return browser.findElement(By.cssSelector("#commits li[data-commit='" + sha + "']"));
    }

    private static void signIn(String user) {
        open("/login");
        type("username", user);
        type("password", "password-of-" + user);
        submit(By.cssSelector("main button[type=submit]"));
        assertThat(browser.findElement(By.className("who")).getText()).isEqualTo(user);
    }

    private static void signOut() {
        submit(By.cssSelector("form[action='/logout'] button"));
    }

    private static TokenClient api(String token) {
        return hub.withToken(token);
    }

    private static void open(String path) {
        browser.get(hub.uri().resolve(path).toString());
    }

    private static void type(String name, String text) {
        WebElement field = browser.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    /** Presses the button and waits for the next page: until the button pressed is no longer in a document. */
    private static void submit(By button) {
        WebElement pressed = browser.findElement(button);
        pressed.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> gone(pressed));
    }

    /** Whether the element left the page (the driver says so as "stale", or, mid-navigation, in other words). */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (WebDriverException left) {
            return true;
        }
    }

    private static WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(what));
    }

    private static void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
