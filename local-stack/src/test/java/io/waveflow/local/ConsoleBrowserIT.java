package io.waveflow.local;

import io.waveflow.contracts.Sha256;
import io.waveflow.contracts.Stage;
import io.waveflow.contracts.celery.CeleryTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator console (issue 16) in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) on the real local stack, with stems of this run in every state: an
 * admin signs in, finds the stem stuck in analysis through the filter, opens its timeline and
 * retries it, and the second analysis task reaches SQS and the timeline; a read token sees no
 * Retry button and the bridge refuses its admin call from the page; markup in a stem id and in a
 * file name shows as text and never runs. Screenshots of every view go to
 * {@code target/console-screenshots/}. Skipped where Chromium is missing, except under CI=true.
 */
@ExtendWith(LocalStackExtension.class)
class ConsoleBrowserIT {

    private static final Duration PIPELINE = Duration.ofSeconds(90);
    private static final Duration PAGE = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String GENERATE_HASH = Stage.HASH.taskName();
    private static final String ANALYSIS = Stage.ANALYSIS.taskName();
    private static final String OUTBOX_INSERT = "INSERT INTO outbox.waveflow_outbox (id, aggregatetype, aggregateid,"
            + " type, payload) VALUES (?::uuid, 'stem', ?, ?, ?::jsonb)";
    /** Sets a flag if it ever runs: a stem id and a file name carry it, the page must show it as text. */
    private static final String MARKUP = "<script>window.xssRan=true</script><img src=x onerror=\"window.xssRan=true\">";
    /** No '/' or ';': the services' HTTP firewall refuses their encoded forms before any controller. */
    private static final String MARKUP_STEM_ID = "<script>window.xssRan=true<img src=x onerror=window.xssRan=true>";

    @RegisterExtension
    static final StackClient client = new StackClient();

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String USER = "console-user-" + RUN;
    private static final String TRACK = "track-" + RUN;
    private static final Stem COMPLETED = new Stem("console-completed-" + RUN, "vocals.wav", "a");
    private static final Stem DUPLICATE = new Stem("console-duplicate-" + RUN, "vocals (copy).wav", "a");
    private static final Stem FAILED = new Stem("console-failed-" + RUN, "bass.wav", "c");
    private static final Stem CANCELLED = new Stem("console-cancelled-" + RUN, "drums.wav", "d");
    private static final Stem DELETED = new Stem("console-deleted-" + RUN, "keys.wav", "e");
    private static final Stem HASHING = new Stem("console-hashing-" + RUN, MARKUP + ".wav", "f");
    private static final Stem STUCK = new Stem("console-stuck-" + RUN, "guitar.wav", "s");

    private static final HttpClient PREFLIGHTS = HttpClient.newHttpClient();
    private static ChromeDriver browser;

    @BeforeAll
    static void stemsInEveryStateAndABrowser() throws Exception {
        Path chromium = DebianTools.require("/usr/bin/chromium", "chromium");
        Path chromedriver = DebianTools.require("/usr/bin/chromedriver", "chromium-driver");
        stemsInEveryState();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--no-first-run", "--disable-extensions", "--window-size=1280,900", "--lang=en-US");
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldLetAnAdminFindTheStemStuckInAnalysisAndRetryIt() {
        open("/console");
        shoot("1-sign-in");
        signIn(client.stack().adminToken());
        assertThat(text("whoami")).isEqualTo("local-admin (admin)");

        // Overview: counts, the oldest in flight, the outcomes of the last hour; it refreshes itself.
        awaitShown("the overview", () -> !tile("by-status", "completed").isEmpty() && !text("overview-updated").isEmpty()
                && !browser.findElements(By.cssSelector("#oldest tbody tr")).isEmpty());
        assertThat(Long.parseLong(tile("by-status", "completed"))).isPositive();
        assertThat(Long.parseLong(tile("by-stage", "analysis"))).isPositive();
        assertThat(browser.findElements(By.cssSelector("#chart svg rect"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#chart .legend-item[data-key=completed] strong")).getText())
                .matches("[1-9][0-9]*");
        String firstUpdate = text("overview-updated");
        awaitShown("the overview to refresh itself", () -> !text("overview-updated").equals(firstUpdate));
        shoot("2-overview");

        // Stems: the filter finds exactly this run's stem stuck in analysis.
        click("nav-stems");
        type("filter-userId", USER);
        browser.findElement(By.xpath("//select[@id='filter-stage']/option[text()='analysis']")).click();
        type("filter-stuckFor", "1s");
        await("the stuck stem listed").atMost(PAGE).ignoreExceptions().untilAsserted(() -> {
            click("filter-submit");
            assertThat(browser.findElements(By.cssSelector("#stems-table tbody a.stem-link")))
                    .extracting(WebElement::getText).containsExactly(STUCK.stemId());
        });
        assertThat(browser.getCurrentUrl()).contains("stuckFor=1s").doesNotContain(client.stack().adminToken());
        shoot("3-stems-stuck-in-analysis");

        // The stem: every field, its timeline with the first analysis attempt.
        browser.findElement(By.linkText(STUCK.stemId())).click();
        awaitShown("the stem's timeline", () -> timelineTaskIds().contains("analysis-" + STUCK.stemId() + "-1"));
        assertThat(text("stem-title")).isEqualTo("Stem " + STUCK.stemId());
        assertThat(field("stage")).isEqualTo("analysis");
        assertThat(field("originalFilename")).isEqualTo("guitar.wav");
        assertThat(text("stage-summary")).contains("hash", "analysis");
        shoot("4-stem");

        // Retry with a reason and a confirmation; the new attempt appears without a reload.
        type("action-reason", "worker restarted");
        click("action-retry");
        assertThat(text("action-question")).isEqualTo("Retry stem " + STUCK.stemId() + "?");
        click("action-yes");
        awaitShown("the retry's result", () -> text("action-result").startsWith("Done:"));
        assertThat(text("action-result")).contains("StageRequested analysis attempt 2")
                .contains("analysis-" + STUCK.stemId() + "-2");
        assertThat(timelineTaskIds()).contains("analysis-" + STUCK.stemId() + "-2");
        assertThat(browser.findElements(By.cssSelector("#timeline tbody tr.new[data-type=RetryRequested]")))
                .extracting(WebElement::getText).singleElement().asString().contains("by local-admin: worker restarted");
        await("analysis-" + STUCK.stemId() + "-2 on SQS").atMost(PIPELINE)
                .until(() -> client.queue().tasks(ANALYSIS, STUCK.stemId()).size() >= 2);
        assertThat(client.queue().tasks(ANALYSIS, STUCK.stemId())).extracting(received -> received.task().id())
                .containsExactly("analysis-" + STUCK.stemId() + "-1", "analysis-" + STUCK.stemId() + "-2");
        shoot("5-stem-retried");
    }

    @Test
    void shouldShowAReadTokenNoRetryButtonAndLetTheBridgeRefuseItsAdminCall() {
        open("/console");
        signIn(client.stack().readToken());
        assertThat(text("whoami")).isEqualTo("local-reader (read)");

        open("/console#/stem/" + FAILED.stemId());
        awaitShown("the failed stem", () -> "error".equals(field("status")));
        assertThat(field("errorCode")).isEqualTo("DECODE_ERROR");
        assertThat(browser.findElement(By.id("actions")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("action-retry")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#timeline tbody tr[data-type=StemFailed]"))).hasSize(1);
        shoot("6-stem-read-only");

        // The page's own origin calling the bridge with the read token: CORS lets it through, the token does not.
        Object status = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0] + '/admin/stems/' + encodeURIComponent(arguments[1]) + '/retry', {
                  method: 'POST',
                  headers: {'Authorization': 'Bearer ' + arguments[2], 'Content-Type': 'application/json'},
                  body: '{"reason":"not allowed"}'
                }).then(r => r.json().then(body => done(r.status + ' ' + body.detail)), e => done('failed: ' + e));
                """, client.stack().serviceUrl(Service.BRIDGE).toString(), FAILED.stemId(), client.stack().readToken());
        assertThat(status).asString().startsWith("403 ").contains("admin role").contains("local-reader");
        assertThat(history(FAILED.stemId())).doesNotContain("RetryRequested");
    }

    @Test
    void shouldShowMarkupInAStemIdAndAFileNameAsTextAndNeverRunIt() {
        open("/console");
        signIn(client.stack().adminToken());

        open("/console#/stem/" + URLEncoder.encode(MARKUP_STEM_ID, StandardCharsets.UTF_8).replace("+", "%20"));
        awaitShown("the 404 of the markup stem id", () -> browser.findElement(By.id("message")).isDisplayed());
        assertThat(text("stem-title")).isEqualTo("Stem " + MARKUP_STEM_ID);
        assertThat(text("message")).startsWith("Not found (404)").contains(MARKUP_STEM_ID);
        assertThat(text("whoami")).isEqualTo("local-admin (admin)");

        open("/console#/stems?userId=" + USER + "&stage=hash");
        awaitShown("the stem with markup in its file name", () -> browser.findElements(
                By.cssSelector("#stems-table tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#stems-table tbody tr td:nth-child(4)")).getText())
                .isEqualTo(MARKUP + ".wav");
        browser.findElement(By.linkText(HASHING.stemId())).click();
        awaitShown("its stem view", () -> (MARKUP + ".wav").equals(field("originalFilename")));
        assertThat(browser.findElements(By.cssSelector("#view-stem script, #view-stem img, #view-stems img"))).isEmpty();
        assertThat(browser.executeScript("return window.xssRan === undefined")).isEqualTo(true);
        shoot("7-markup-as-text");
    }

    @Test
    void shouldShowEveryStateOfThisRunInTheStemsList() {
        open("/console");
        signIn(client.stack().readToken());

        open("/console#/stems?userId=" + USER + "&trackId=" + TRACK);
        awaitShown("this run's stems", () -> browser.findElements(By.cssSelector("#stems-table tbody tr")).size() == 7);
        assertThat(browser.findElements(By.cssSelector("#stems-table tbody .badge"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("completed", "duplicate", "error", "cancelled", "deleted", "processing",
                        "processing");
        shoot("8-stems-every-state");

        // Pages of three through the API's cursor (the page passes limit on to /stems).
        open("/console#/stems?userId=" + USER + "&limit=3");
        List<String> seen = new ArrayList<>();
        for (int expected : new int[] {3, 3, 1}) {
            awaitShown("a page of " + expected, () -> stemLinks().size() == expected && !seen.containsAll(stemLinks()));
            seen.addAll(stemLinks());
            if (expected == 1) {
                assertThat(browser.findElement(By.id("stems-next")).isEnabled()).isFalse();
            } else {
                click("stems-next");
            }
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(7);
        click("stems-first");
        awaitShown("the first page again", () -> stemLinks().equals(seen.subList(0, 3)));
    }

    private static List<String> stemLinks() {
        return browser.findElements(By.cssSelector("#stems-table tbody a.stem-link")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void shouldAnswerPreflightsFromTheConsoleOriginOnlyAndOnlyForTheAdminStemsApi() throws Exception {
        String console = client.stack().serviceUrl(Service.PROJECTIONS).toString();
        URI retry = client.stack().serviceUrl(Service.BRIDGE).resolve("/admin/stems/" + STUCK.stemId() + "/retry");

        HttpResponse<String> allowed = preflight(retry, console);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(console);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("authorization");

        HttpResponse<String> foreign = preflight(retry, "http://127.0.0.1:1");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> elsewhere = preflight(client.stack().serviceUrl(Service.BRIDGE).resolve("/v3/api-docs"),
                console);
        assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    // ---- the stems of this run ----

    private record Stem(String stemId, String originalFilename, String audio) {

        String audioHash() {
            return Sha256.hex("console audio " + audio + " " + RUN);
        }

        String filepath() {
            return "stems/" + USER + "/" + TRACK + "/" + stemId + ".wav";
        }
    }

    /** Completed, duplicate, error, cancelled, deleted, in hash and stuck in analysis, all at once where they can. */
    private static void stemsInEveryState() throws SQLException {
        List<Stem> uploaded = List.of(COMPLETED, DUPLICATE, FAILED, CANCELLED, DELETED, HASHING, STUCK);
        for (Stem stem : uploaded) {
            ok(client.webhook("/upload-complete", ordered("userId", USER, "trackId", TRACK, "stemId", stem.stemId(),
                    "filepath", stem.filepath(), "original_filename", stem.originalFilename())));
        }
        outboxDeletion(DELETED);
        for (Stem stem : List.of(COMPLETED, FAILED, CANCELLED, STUCK)) {
            reportHash(stem);
        }
        for (Stem stem : List.of(COMPLETED, FAILED, CANCELLED, STUCK)) {
            CeleryTask analysis = client.awaitSingleTask(ANALYSIS, stem.stemId(), PIPELINE).task();
            assertThat(analysis.id()).isEqualTo("analysis-" + stem.stemId() + "-1");
        }
        reportHash(DUPLICATE);
        ok(client.webhook("/webhook/completion", ordered("stemId", COMPLETED.stemId(), "task", ANALYSIS,
                "status", "SUCCESS", "result", ordered("audio_data_hash", COMPLETED.audioHash(),
                        "waveform_data_path", "waveforms/" + COMPLETED.stemId() + ".json", "file_size", 1024,
                        "duration", 12.5, "sample_rate", 44_100, "num_peaks", 1024),
                "timestamp", Instant.now().toString())));
        ok(client.webhook("/webhook/completion", ordered("stemId", FAILED.stemId(), "task", ANALYSIS,
                "status", "FAILURE", "result", ordered("error_message", "cannot decode " + MARKUP,
                        "error_code", "DECODE_ERROR"), "timestamp", Instant.now().toString())));
        HttpJson.Response cancel = client.admin("/admin/stems/" + CANCELLED.stemId() + "/cancel",
                ordered("reason", "uploaded by mistake"));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        Map<Stem, String> expected = new LinkedHashMap<>();
        expected.put(COMPLETED, "completed");
        expected.put(DUPLICATE, "duplicate");
        expected.put(FAILED, "error");
        expected.put(CANCELLED, "cancelled");
        expected.put(DELETED, "deleted");
        expected.put(HASHING, "processing");
        expected.put(STUCK, "processing");
        expected.forEach((stem, status) -> await(stem.stemId() + " " + status).atMost(PIPELINE).untilAsserted(() -> {
            HttpJson.Response row = client.read(client.projections("/stems/" + stem.stemId()));
            assertThat(row.status()).as(row.body()).isEqualTo(200);
            assertThat(row.json().path("status").asString()).isEqualTo(status);
        }));
    }

    private static void reportHash(Stem stem) {
        CeleryTask hash = client.awaitSingleTask(GENERATE_HASH, stem.stemId(), PIPELINE).task();
        ok(client.webhook("/webhook/hash-check", ordered("stemId", stem.stemId(), "userId", USER, "trackId", TRACK,
                "filepath", stem.filepath(), "audio_hash", stem.audioHash(), "timestamp", hash.kwargs().get("timestamp"),
                "original_filename", stem.originalFilename(), "status", "SUCCESS")));
    }

    /** The application deletes the stem through its transactional outbox (bridge/OUTBOX.md). */
    private static void outboxDeletion(Stem stem) throws SQLException {
        LocalStack stack = client.stack();
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUsername(),
                stack.databasePassword());
             PreparedStatement insert = connection.prepareStatement(OUTBOX_INSERT)) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, stem.stemId());
            insert.setString(3, "StemDeleted");
            insert.setString(4, "{\"userId\":\"" + USER + "\",\"trackId\":\"" + TRACK + "\"}");
            insert.executeUpdate();
        }
    }

    private static String history(String stemId) {
        HttpJson.Response response = client.read(client.projections("/stems/" + stemId + "/history"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static void ok(HttpJson.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static HttpResponse<String> preflight(URI uri, String origin) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build();
        return PREFLIGHTS.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ---- the browser ----

    private static void open(String path) {
        browser.get(client.stack().serviceUrl(Service.PROJECTIONS).resolve(path).toString());
    }

    /**
     * A fresh sign-in on the page just opened: a tab still signed in from an earlier test (its
     * token in session storage) signs out through the page's own button first.
     */
    private static void signIn(String token) {
        awaitShown("the console", () -> displayed("whoami") || displayed("signin-token"));
        if (displayed("whoami")) {
            click("signout");
        }
        awaitShown("the sign-in form", () -> displayed("signin-token"));
        type("signin-token", token);
        click("signin-submit");
        awaitShown("signed in", () -> displayed("whoami"));
    }

    private static boolean displayed(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private static void awaitShown(String what, Supplier<Boolean> condition) {
        await(what).atMost(PAGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition::get);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    private static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static String tile(String group, String key) {
        return browser.findElement(By.cssSelector("#" + group + " .tile[data-key=" + key + "] .count")).getText();
    }

    /** The read-model field shown beside {@code name} in the stem view. */
    private static String field(String name) {
        for (WebElement term : browser.findElements(By.cssSelector("#stem-fields dt"))) {
            if (term.getText().equals(name)) {
                return term.findElement(By.xpath("following-sibling::dd[1]")).getText();
            }
        }
        return null;
    }

    private static List<String> timelineTaskIds() {
        return browser.findElements(By.cssSelector("#timeline tbody tr td:nth-child(5)")).stream()
                .map(WebElement::getText).toList();
    }

    /** The whole page, not just the window: the viewport is stretched to the page's height for the shot. */
    private static void shoot(String name) {
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280,
                "height", Math.min(4000, Math.max(600, height.intValue())), "deviceScaleFactor", 1, "mobile", false));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
