package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver): search,
 * rate three films, and see the recommendations change; the screenshot is not blank. Then the
 * two onboarding paths of a first-time visitor: pick genres, or rate one of the proposed films,
 * and see recommendations at once. Skips with a message when Chromium is not installed.
 */
class BrowserTest {
    /** What a test does with the page of a server. */
    interface Page {
        void run(Server server, WebDriver driver, WebDriverWait wait) throws Exception;
    }

    /** Serves {@code model}, opens a headless Chromium on nothing yet, and runs {@code page}; skips without Chromium. */
    private static void withBrowser(Path dir, TrainedModel model, Page page) throws Exception {
        Path chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driverBin = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driverBin == null) {
            System.err.println("BrowserTest: SKIPPED: Debian's chromium and chromium-driver are not installed (.ci/setup-server.sh installs them)");
            Assumptions.abort("chromium / chromedriver not installed");
        }
        Path file = TestModels.write(model, dir.resolve("m.c4j"));
        try (Server server = Server.start(ServerConfig.local(file, 0))) {
            ChromeOptions opts = new ChromeOptions();
            opts.setBinary(chromium.toFile());
            opts.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,900", "--user-data-dir=" + Files.createDirectory(dir.resolve("chrome-profile")));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBin.toFile())
                    .usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, opts);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                wait.ignoring(StaleElementReferenceException.class); // the page reloads for a new visitor
                page.run(server, driver, wait);
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void searchRateThreeFilmsAndSeeRecommendationsChangeThenOnboardBothWays(@TempDir Path dir) throws Exception {
        withBrowser(dir, TestModels.small(60, 11), (server, driver, wait) -> {
            driver.get("http://127.0.0.1:" + server.port() + "/");
            // first visit: the onboarding panel offers proposed films and genres
            wait.until(d -> d.findElement(By.id("onboarding")).isDisplayed() && !d.findElements(By.cssSelector("#onboarding-items li")).isEmpty());
            String user = driver.findElement(By.id("user-id")).getText();
            assertThat(user).startsWith("web-");
            assertThat(driver.findElement(By.id("recs")).findElements(By.tagName("li"))).isEmpty();

            List<String> before = null;
            String[][] films = {{"star", "Star Wars (1977)", "5"}, {"apollo", "Apollo 13 (1995)", "4"}, {"babe", "Babe (1995)", "1"}};
            for (String[] f : films) {
                WebElement box = driver.findElement(By.id("search"));
                box.clear();
                box.sendKeys(f[0]);
                driver.findElement(By.cssSelector("#search-form button")).click();
                wait.until(d -> d.findElements(By.cssSelector("#results .film-title")).stream().anyMatch(e -> e.getText().equals(f[1])));
                WebElement row = driver.findElements(By.cssSelector("#results li")).stream()
                        .filter(li -> li.findElement(By.className("film-title")).getText().equals(f[1])).findFirst().orElseThrow();
                String version = driver.findElement(By.id("recs")).getAttribute("data-version");
                row.findElement(By.cssSelector(".stars button[data-value='" + f[2] + "']")).click();
                wait.until(d -> {
                    String v = d.findElement(By.id("recs")).getAttribute("data-version");
                    return v != null && !v.equals(version);
                });
                List<String> now = titles(driver);
                assertThat(now).isNotEmpty().doesNotContain(f[1]);
                if (before != null) assertThat(now).as("recommendations change after rating %s", f[1]).isNotEqualTo(before);
                before = now;
            }
            assertThat(server.store().ratingsOf(user)).hasSize(3);
            assertThat(driver.findElement(By.id("status")).getText()).isEmpty();

            // open a film: its details and similar films
            driver.findElement(By.cssSelector("#recs .film-title")).click();
            wait.until(d -> d.findElement(By.id("detail")).isDisplayed() && !d.findElements(By.cssSelector("#similar li")).isEmpty());

            byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve("page.png"), png);
            assertThat(distinctColours(png)).as("screenshot is not blank").isGreaterThan(20);

            // a new visitor picks genres: stored as a stated user, recommendations at once
            String genreUser = newVisitor(driver, wait, user);
            assertThat(driver.findElements(By.cssSelector("#onboarding-items li"))).hasSize(10);
            assertThat(driver.findElement(By.id("genres-go")).isEnabled()).isFalse();
            driver.findElement(By.cssSelector("#genres .genre[data-genre='Comedy']")).click();
            driver.findElement(By.cssSelector("#genres .genre[data-genre='Drama']")).click();
            driver.findElement(By.id("genres-go")).click();
            wait.until(d -> !d.findElement(By.id("onboarding")).isDisplayed() && !d.findElements(By.cssSelector("#recs li")).isEmpty());
            assertThat(titles(driver)).hasSize(10);
            assertThat(driver.findElement(By.id("recs-note")).getText()).contains("Comedy, Drama");
            assertThat(server.store().statedUsers()).anySatisfy(u -> {
                assertThat(u.user()).isEqualTo(genreUser);
                assertThat(u.genres()).containsExactly("Comedy", "Drama");
            });
            List<String> fromGenres = titles(driver);
            driver.navigate().refresh(); // the server knows this visitor now: no onboarding again, same list
            wait.until(d -> !d.findElements(By.cssSelector("#recs li")).isEmpty());
            assertThat(driver.findElement(By.id("onboarding")).isDisplayed()).isFalse();
            assertThat(titles(driver)).isEqualTo(fromGenres);

            // another new visitor rates one of the proposed films instead
            String raterUser = newVisitor(driver, wait, genreUser);
            WebElement first = driver.findElement(By.cssSelector("#onboarding-items li"));
            String proposed = first.findElement(By.className("film-title")).getText();
            first.findElement(By.cssSelector(".stars button[data-value='5']")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#recs li")).isEmpty());
            assertThat(titles(driver)).hasSize(10).doesNotContain(proposed);
            assertThat(driver.findElement(By.id("genre-path")).isDisplayed()).as("ratings supersede genres").isFalse();
            assertThat(server.store().ratingsOf(raterUser)).hasSize(1);
            assertThat(driver.findElement(By.id("status")).getText()).isEmpty();
        });
    }

    @Test
    void aModelWithUserFeaturesAsksWhoTheVisitorIsInAFormAndRecommendsFromIt(@TempDir Path dir) throws Exception {
        int users = 30;
        TrainedModel model = TestModels.withUserFeatures(users, 11);
        withBrowser(dir, model, (server, driver, wait) -> {
            driver.get("http://127.0.0.1:" + server.port() + "/");
            wait.until(d -> d.findElement(By.id("features-path")).isDisplayed() && !d.findElements(By.cssSelector("#features select")).isEmpty());
            assertThat(driver.findElement(By.id("items-path")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("genre-path")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("features-go")).isEnabled()).isFalse();
            // a select per category (its vocabulary after an empty choice), a number input for age, text for the zip code
            List<String> genders = new ArrayList<>();
            for (WebElement o : driver.findElements(By.cssSelector("select[data-field='gender'] option"))) genders.add(o.getAttribute("value"));
            assertThat(genders).containsExactly("", "F", "M");
            assertThat(driver.findElements(By.cssSelector("select[data-field='occupation'] option"))).hasSize(1 + TestModels.OCCUPATIONS.length);
            WebElement age = driver.findElement(By.cssSelector("input[data-field='age']"));
            assertThat(age.getAttribute("type")).isEqualTo("number");
            assertThat(driver.findElement(By.id("features")).getText()).contains("trained on 18 to 57");
            // the untrained user of the data states this: the same list as the model gives that user
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[data-field='gender']"))).selectByValue("F");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[data-field='occupation']"))).selectByValue("writer");
            age.sendKeys("30");
            driver.findElement(By.cssSelector("input[data-field='zip']")).sendKeys("94305");
            byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve("form.png"), png);
            driver.findElement(By.id("features-go")).click();
            wait.until(d -> !d.findElement(By.id("onboarding")).isDisplayed() && !d.findElements(By.cssSelector("#recs li")).isEmpty());
            List<String> expected = new ArrayList<>();
            for (ScoredItem s : new Recommender(model).recommend(model.userIds().index(Integer.toString(users)), 10)) expected.add(s.title());
            assertThat(titles(driver)).isEqualTo(expected);
            assertThat(driver.findElement(By.id("recs-note")).getText()).contains("age 30, gender F, occupation writer, zip 94305");
            String user = driver.findElement(By.id("user-id")).getText();
            assertThat(server.store().statedUsers()).anySatisfy(u -> {
                assertThat(u.user()).isEqualTo(user);
                assertThat(u.gender()).isEqualTo("F");
                assertThat(u.age()).isEqualTo(30);
                assertThat(u.occupation()).isEqualTo("writer");
                assertThat(u.zip()).isEqualTo("94305");
            });
            driver.navigate().refresh(); // the server knows this visitor now: no form again, same list
            wait.until(d -> !d.findElements(By.cssSelector("#recs li")).isEmpty());
            assertThat(driver.findElement(By.id("onboarding")).isDisplayed()).isFalse();
            assertThat(titles(driver)).isEqualTo(expected);
            assertThat(driver.findElement(By.id("status")).getText()).isEmpty();
            Files.write(dir.resolve("list.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
            if (System.getenv("COLLAB4J_SCREENSHOTS") != null) {
                Path out = Path.of(System.getenv("COLLAB4J_SCREENSHOTS"));
                Files.copy(dir.resolve("form.png"), out.resolve("features-form.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dir.resolve("list.png"), out.resolve("features-list.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    @Test
    void aModelOfImplicitFeedbackOffersLikeAndBasketButtonsThatPostEvents(@TempDir Path dir) throws Exception {
        TrainedModel model = TestModels.implicitSmall(60, 11);
        withBrowser(dir, model, (server, driver, wait) -> {
            driver.get("http://127.0.0.1:" + server.port() + "/");
            wait.until(d -> d.findElement(By.id("recs-note")).getText().contains("I like this"));
            String user = driver.findElement(By.id("user-id")).getText();
            assertThat(driver.findElement(By.id("onboarding")).isDisplayed()).as("no questions to ask").isFalse();
            assertThat(driver.findElement(By.id("variety-box")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("sub")).getText()).contains("Pick films you like");
            String[][] films = {{"star", "Star Wars (1977)", "like"}, {"apollo", "Apollo 13 (1995)", "basket"}};
            List<String> before = null;
            for (String[] f : films) {
                WebElement box = driver.findElement(By.id("search"));
                box.clear();
                box.sendKeys(f[0]);
                driver.findElement(By.cssSelector("#search-form button")).click();
                wait.until(d -> d.findElements(By.cssSelector("#results .film-title")).stream().anyMatch(e -> e.getText().equals(f[1])));
                assertThat(driver.findElements(By.cssSelector(".stars"))).as("no stars for a model of events").isEmpty();
                WebElement row = driver.findElements(By.cssSelector("#results li")).stream()
                        .filter(li -> li.findElement(By.className("film-title")).getText().equals(f[1])).findFirst().orElseThrow();
                assertThat(row.findElements(By.cssSelector(".picks button"))).extracting(WebElement::getText)
                        .containsExactly("I like this", "Add to basket");
                String version = driver.findElement(By.id("recs")).getAttribute("data-version");
                row.findElement(By.cssSelector(".picks button[data-kind='" + f[2] + "']")).click();
                wait.until(d -> {
                    String v = d.findElement(By.id("recs")).getAttribute("data-version");
                    return v != null && !v.equals(version);
                });
                List<String> now = titles(driver);
                assertThat(now).isNotEmpty().doesNotContain(f[1]);
                if (before != null) assertThat(now).as("recommendations change after picking %s", f[1]).isNotEqualTo(before);
                before = now;
            }
            assertThat(server.store().eventsOf(user)).extracting(FeedbackStore.Event::item).containsExactly("17", "16");
            List<String> expected = new ArrayList<>();
            for (org.collab4j.recommend.Recommendations.Item it : new org.collab4j.recommend.Recommendations(model).recommend(
                    new org.collab4j.recommend.Requester.Interacted(null, new String[] {"17", "16"}, new float[] {1, 1}), 10).items())
                expected.add(it.title());
            assertThat(titles(driver)).isEqualTo(expected);
            assertThat(driver.findElement(By.id("recs-note")).getText()).contains("from the 2 films you picked").contains("left out (2)");
            assertThat(driver.findElements(By.cssSelector("#recs li .picks"))).hasSize(expected.size());
            assertThat(driver.findElement(By.id("status")).getText()).isEmpty();
            driver.navigate().refresh(); // the server knows this visitor by their events: the same list
            wait.until(d -> !d.findElements(By.cssSelector("#recs li")).isEmpty());
            assertThat(titles(driver)).isEqualTo(expected);
            Files.write(dir.resolve("implicit.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        });
    }

    /** Starts again as a new visitor and waits for the onboarding panel with its films and genres; returns the new id. */
    private static String newVisitor(WebDriver driver, WebDriverWait wait, String previous) {
        driver.findElement(By.id("reset")).click();
        wait.until(d -> !d.findElement(By.id("user-id")).getText().equals(previous) && d.findElement(By.id("onboarding")).isDisplayed()
                && !d.findElements(By.cssSelector("#onboarding-items li")).isEmpty() && !d.findElements(By.cssSelector("#genres .genre")).isEmpty());
        String user = driver.findElement(By.id("user-id")).getText();
        assertThat(user).startsWith("web-").isNotEqualTo(previous);
        assertThat(driver.findElements(By.cssSelector("#recs li"))).isEmpty();
        return user;
    }

    private static List<String> titles(WebDriver d) {
        List<String> out = new ArrayList<>();
        for (WebElement e : d.findElements(By.cssSelector("#recs .film-title"))) out.add(e.getText());
        return out;
    }

    private static int distinctColours(byte[] png) throws java.io.IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        return colours.size();
    }

    private static Path firstExisting(String... paths) {
        for (String p : paths) if (Files.isExecutable(Path.of(p))) return Path.of(p);
        return null;
    }
}
