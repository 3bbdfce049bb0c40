package dev.rewind.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium driven by Selenium through finding a stream, restarting a failed
 * projector, watching a rebuild finish and tailing the log. Needs Debian's {@code chromium} and
 * {@code chromium-driver} ({@code apt-get install -y chromium chromium-driver}); skipped without them, unless
 * {@code REWIND_REQUIRE_BROWSER=1} (as in CI), which makes their absence a failure.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class ConsoleBrowserTest {

    private static final File CHROMIUM = new File(System.getProperty("rewind.chromium", "/usr/bin/chromium"));
    private static final File DRIVER = new File(System.getProperty("rewind.chromedriver", "/usr/bin/chromedriver"));

    private AdminFixture app;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        if (!CHROMIUM.canExecute() || !DRIVER.canExecute()) {
            String missing = "no Chromium at " + CHROMIUM + " or no chromedriver at " + DRIVER
                    + "; install them with 'apt-get install -y chromium chromium-driver'";
            if ("1".equals(System.getenv("REWIND_REQUIRE_BROWSER"))) {
                fail("REWIND_REQUIRE_BROWSER=1 but " + missing);
            }
            assumeTrue(false, "Skipped the browser test: " + missing + ", or set REWIND_REQUIRE_BROWSER=1 to"
                    + " make this a failure");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the page redraws its tables every two seconds, so an element found may be replaced before it is read
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    private WebElement row(String projector) {
        return browser.findElement(By.cssSelector("#projectors tr[data-name='" + projector + "']"));
    }

    /** Clicks an element once it is there and enabled, finding it again if a redraw replaced it. */
    private void click(By element) {
        wait.until(d -> {
            WebElement found = d.findElement(element);
            if (!found.isEnabled()) {
                return false;
            }
            found.click();
            return true;
        });
    }

    /** Waits until the projector's row shows {@code text}. */
    private void awaitRowText(String projector, String text) {
        wait.until(d -> row(projector).getText().contains(text));
    }

    @Test
    void an_operator_finds_a_stream_restarts_a_failed_projector_and_watches_a_rebuild_finish() {
        // given: an application whose projector 'sums' failed on the poison account
        app = new AdminFixture(true);
        app.broken.set(true);
        app.add("ada", 5);
        app.add("poison", 1);
        app.add("adam", 2);
        // when: the console opens
        browser.get(app.admin.uri().toString());
        // then: the failure is there at a glance
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#projectors tr[data-name='sums']"), "data-state",
                "FAILED"));
        awaitRowText("sums", "cannot add to poison");
        wait.until(d -> "LIVE".equals(row("counts").getAttribute("data-state")));
        assertThat(browser.findElement(By.id("store")).getText()).contains("in-memory").contains("streams3");

        // when: the operator looks for the poison account's stream
        browser.findElement(By.id("stream-prefix")).sendKeys("account-po");
        browser.findElement(By.id("stream-search")).click();
        click(By.cssSelector(
                ".stream-link[data-stream='account-poison']"));
        // then: its event is shown with its payload pretty-printed
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#stream-events pre.payload")));
        assertThat(payload.getText()).contains("\"key\": \"poison\"").contains("\n");
        assertThat(browser.findElements(By.cssSelector(".stream-link"))).hasSize(1);

        // when: the bug is fixed and the operator restarts the projector with the admin token
        app.broken.set(false);
        browser.findElement(By.id("token")).sendKeys(AdminFixture.TOKEN);
        browser.findElement(By.id("token-use")).click();
        click(By.cssSelector("button.restart[data-name='sums']"));
        // then: it catches up and is live
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#projectors tr[data-name='sums']"), "data-state",
                "LIVE"));
        wait.until(d -> row("sums").findElement(By.className("lag")).getText().equals("0"));

        // when: the operator rebuilds it
        click(By.cssSelector("button.rebuild[data-name='sums']"));
        // then: the progress bar fills and the replacement serves
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector(".progress[data-name='sums']"), "data-switched",
                "true"));
        awaitRowText("sums", "sums-v2");
        assertThat(app.runner.status("sums").servedBy()).isEqualTo("sums-v2");

        // when: the operator follows the log while an event arrives
        browser.findElement(By.id("tail-toggle")).click();
        wait.until(ExpectedConditions.textToBe(By.id("tail-status"), "following new events"));
        app.add("late", 7);
        // then
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail"), "account-late"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("Rebuilding sums into sums-v2");
    }
}
