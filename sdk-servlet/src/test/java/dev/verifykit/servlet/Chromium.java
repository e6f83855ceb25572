package dev.verifykit.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver through Selenium, with a fresh profile.
 * Both executables are given explicitly, so Selenium Manager never looks for (or downloads) a browser
 * or a driver.
 */
final class Chromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    static Chromium start() throws IOException {
        if (!ChromiumAvailable.installed()) {
            throw new AssertionError("the real-browser tests are required but " + ChromiumAvailable.CHROMIUM + " or "
                    + ChromiumAvailable.CHROMEDRIVER + " is missing: apt-get install -y chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("verifykit-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ChromiumAvailable.CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumAvailable.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1000,800", "--user-data-dir=" + profile);
        try {
            return new Chromium(new ChromeDriver(service, options), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /**
     * Clicks what {@code target} finds once it can be clicked. The pages here replace themselves as
     * the mock answers (a form posted, the next step shown), so an element found a moment before
     * may be gone by the click: it is found again until the click lands (20 s at most).
     */
    void click(By target) {
        waiting().until(page -> {
            try {
                WebElement element = ExpectedConditions.elementToBeClickable(target).apply(page);
                if (element == null) {
                    return false;
                }
                element.click();
                return true;
            } catch (WebDriverException e) {
                if (replaced(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * Waits until the page shows an {@code h2} heading reading {@code text}. The heading is looked
     * for in one step each time, never read from an element found before, so a page replaced in
     * between cannot fail the wait.
     */
    void awaitHeading(String text) {
        By heading = By.xpath("//h2[normalize-space()='" + text + "']");
        waiting().until(page -> !page.findElements(heading).isEmpty());
    }

    /**
     * Whether {@code e} says an element belonged to a page that has since been replaced. Chromium
     * says it two ways: as a stale element, or (chromedriver 156, seen in CI) as an "unknown error"
     * naming a node that "does not belong to the document".
     */
    private static boolean replaced(WebDriverException e) {
        return e instanceof StaleElementReferenceException
                || (e.getMessage() != null && e.getMessage().contains("does not belong to the document"));
    }

    /** Saves a screenshot of the current page as target/screenshots/{name}.png, and returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Types into a form field, replacing what it held. */
    void fill(By field, String text) {
        WebElement element = driver.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind
        }
    }
}
