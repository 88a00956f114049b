package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Chromium;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TokenClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person in a real browser (Debian's headless Chromium): signs up, opens the verification link
 * from the mail, signs in, makes a write token and reads its value off the page, uses it with the
 * API, refreshes it (the old value is refused), renames and deletes it; then reads a repository's
 * card, folders, a file and the history. Markup they typed shows as text. The screenshots in
 * docs/screenshots/ are taken here. One journey, in order: each step stands on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserJourneyTest {

    static final String XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    /** The committed screenshots, from the module's directory (where the tests run). */
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    @TempDir
    static Path dir;

    static TestHub hub;
    static ChromeDriver browser;
    static String user;
    static String firstValue;
    static String refreshedValue;

    @BeforeAll
    static void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        browser = Chromium.start(dir.resolve("profile"), 1200, 900);
        user = "alice";
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
    }

    @Test
    @Order(1)
    void join_openTheMailedLink_signIn() {
        open("/join");
        type("username", user);
        type("email", "alice@example.com");
        type("fullname", "Alice " + XSS);
        type("password", "password-of-alice");
        submit();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your inbox");

        browser.get(hub.verificationLink("alice@example.com"));
        assertThat(browser.getPageSource()).contains("is verified");

        open("/login");
        type("username", user);
        type("password", "password-of-alice");
        submit();
        assertThat(browser.findElement(By.className("who")).getText()).isEqualTo(user);
        assertThat(browser.findElement(By.id("fullname")).getText()).isEqualTo("Alice " + XSS);
    }

    @Test
    @Order(2)
    void newWriteToken_valueReadOffThePage_worksWithTheApi() throws IOException {
        open("/settings/tokens/new");
        type("name", "laptop");
        browser.findElement(By.cssSelector("input[name=role][value=write]")).click();
        submit();
        firstValue = browser.findElement(By.id("token-value")).getDomAttribute("value");
        assertThat(browser.findElement(By.cssSelector("button[data-copy]")).isDisplayed()).isTrue();
        screenshot("new-token.png");

        assertThat(api(firstValue).get("/api/whoami-v2").json().path("name").asText()).isEqualTo(user);
    }

    @Test
    @Order(3)
    void refresh_oldValueRefused() throws IOException {
        open("/settings/tokens");
        screenshot("tokens.png");
        browser.findElement(By.linkText("Manage")).click();
        browser.findElement(By.xpath("//button[text()='Invalidate and refresh']")).click();
        // The click submits a form: wait for the page it leads to, not the one it leaves.
        refreshedValue = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("token-value"))).getDomAttribute("value");

        assertThat(api(firstValue).get("/api/whoami-v2").status()).isEqualTo(401);
        assertThat(api(refreshedValue).get("/api/whoami-v2").status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void rename_thenDeleteWithConfirmation() {
        open("/settings/tokens");
        browser.findElement(By.linkText("Manage")).click();
        WebElement name = browser.findElement(By.cssSelector("form[action$='/rename'] input[name=name]"));
        name.clear();
        name.sendKeys("desktop " + XSS);
        name.submit();
        assertThat(browser.findElement(By.className("token-name")).getText()).isEqualTo("desktop " + XSS);

        browser.findElement(By.linkText("Delete")).click();
        browser.findElement(By.xpath("//button[text()='Delete the token']")).click();
        assertThat(new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("no-tokens"))).isDisplayed()).isTrue();
        assertThat(api(refreshedValue).get("/api/whoami-v2").status()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void repositoryPages_cardFolderFileHistory() throws IOException {
        TokenClient writer = api(hub.createToken(signedInApi(), "writer", "write"));
        writer.postJson("/api/repos/create", "{\"name\": \"bert-mini\"}");
        writer.postNdjson("/api/models/alice/bert-mini/commit/main", RepoPagesTest.commit("Add the model card " + XSS,
                RepoPagesTest.file("README.md", "---\nlicense: mit\n---\n# bert-mini\n\nA small BERT for tests. " + XSS
                        + "\n\n| layers | hidden |\n|---|---|\n| 4 | 256 |\n\n```python\nfrom transformers import AutoModel\n```\n"),
                RepoPagesTest.file("config.json", "{\n  \"hidden_size\": 256,\n  \"num_hidden_layers\": 4\n}\n"),
                RepoPagesTest.file("tokenizer/vocab.txt", "[PAD]\n[UNK]\n"),
                RepoPagesTest.file("odd " + XSS.replace("/", "_") + ".txt", "x")));

        open("/alice/bert-mini");
        assertThat(browser.findElement(By.id("readme")).getText()).contains("A small BERT for tests. " + XSS);
        assertThat(browser.findElement(By.id("entries")).getText()).contains("odd " + XSS.replace("/", "_") + ".txt");
        screenshot("repository.png");

        waitFor(By.linkText("tokenizer/")).click(); // the file list is boosted by htmx: the page is swapped in place
        waitFor(By.linkText("vocab.txt")).click();
        assertThat(waitFor(By.id("content")).getText()).contains("[UNK]");

        waitFor(By.linkText("Commits")).click();
        assertThat(waitFor(By.id("commits")).getText()).contains("Add the model card " + XSS, "Verified");
        screenshot("commits.png");
    }

    private dev.hubkeep.server.testing.Browser signedInApi() {
        dev.hubkeep.server.testing.Browser session = hub.browser();
        hub.login(session, user);
        return session;
    }

    private TokenClient api(String token) {
        return hub.withToken(token);
    }

    private void open(String path) {
        browser.get(hub.uri().resolve(path).toString());
    }

    private void type(String name, String text) {
        WebElement field = browser.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    /** Sends the page's main form and waits for the next page. */
    private void submit() {
        WebElement button = browser.findElement(By.cssSelector("main button[type=submit]"));
        button.click();
        // While the next page replaces this one, Chrome may answer "node does not belong to the
        // document" instead of "stale element": that is asked again, not taken for a failure.
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(button));
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
