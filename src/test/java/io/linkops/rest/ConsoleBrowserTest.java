package io.linkops.rest;

import static io.linkops.testinfra.Teams.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.testinfra.Chromium;
import io.linkops.testinfra.Database;
import io.linkops.testinfra.Ops;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Recipes;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console at {@code /console} driven in headless Chromium as a person uses it: sign in with the team key, load a
 * bulk_import file, see the 422 problems next to the offending entries, rehearse, import, watch the op to its end,
 * download its failures, cancel a running op, sign out. Against the real API, broker and database.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConsoleBrowserTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static ChromeDriver browser;
    private static Path downloads;

    @TestHTTPResource("/console")
    URL console;

    @BeforeAll
    static void startBrowser() throws Exception {
        downloads = Files.createTempDirectory("linkops-downloads");
        browser = Chromium.start(downloads);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aTeamImportsRehearsesWatchesDownloadsAndCancelsFromTheConsole() throws Exception {
        TestTeam team = Teams.createMigrating("console", "fitbit");
        List<UUID> users = Teams.createUsers(team, 2);
        UUID nobody = UUID.randomUUID();
        WebDriverWait wait = new WebDriverWait(browser, DEADLINE);

        browser.get(console.toString());
        assertEquals("linkops console", browser.getTitle());
        assertTrue(browser.getCurrentUrl().endsWith("/console/"), browser.getCurrentUrl());
        browser.findElement(By.id("api-key")).sendKeys("not-a-key");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "That key was not accepted."));

        browser.findElement(By.id("api-key")).clear();
        browser.findElement(By.id("api-key")).sendKeys(team.apiKey());
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
        JavascriptExecutor page = browser;
        assertEquals(team.apiKey(), page.executeScript("return sessionStorage.getItem('linkops.apiKey')"));
        assertEquals(0L, page.executeScript("return localStorage.length"), "the key is kept in the tab only");
        assertEquals("", page.executeScript("return document.cookie"));

        // A file the API refuses: its problems are shown beside the entries they concern, tokens never shown.
        Map<String, Object> twice = Recipes.body("fitbit", List.of(users.get(0), users.get(0)), "console-bad", false);
        choose(file("twice", twice));
        browser.findElement(By.id("import")).click();
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#problems tr[data-entry='1']")));
        assertTrue(problem.getText().contains(users.get(0).toString()), problem.getText());
        assertTrue(problem.getText().contains("user_id"), problem.getText());
        assertFalse(browser.getPageSource().contains(Recipes.accessToken(users.get(0), "console-bad")));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));

        // A good file: rehearsed first (nothing stored), then imported and watched to its end.
        Map<String, Object> body = Recipes.body("fitbit", List.of(users.get(0), users.get(1), nobody), "console",
                false);
        choose(file("good", body));
        browser.findElement(By.id("dry-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rehearsal"),
                "2 would be imported, 1 would fail."));
        assertEquals(0, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));

        browser.findElement(By.id("import")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "started"));
        String opId = (String) Database.rows("select id::text from bulk_ops where team_id = ?", team.id()).get(0)
                .get(0);
        By row = By.cssSelector("tr[data-op-id='" + opId + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "failure"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "user_not_found: 1"));
        WebElement progress = browser.findElement(row).findElement(By.tagName("progress"));
        assertEquals("3", progress.getDomProperty("value"));
        assertEquals("3", progress.getDomProperty("max"));

        // The same file imported again: the console's idempotency key answers with the same op.
        browser.findElement(By.id("import")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "was already started"));
        assertEquals(1, Database.count("select count(*) from bulk_ops where team_id = ?", team.id()));

        browser.findElement(row).findElement(By.xpath(".//button[text()='Failures CSV']")).click();
        Path csv = downloads.resolve("bulk-op-" + opId + "-failures.csv");
        new WebDriverWait(browser, DEADLINE).until(driver -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(List.of("user_id,client_user_id,error_type,error_message",
                nobody + ",,user_not_found,The user does not exist in this team."), lines);

        // A running op is cancelled from its row.
        UUID running = Ops.insertConfirmed(team.id(), "link_bulk_import", Teams.createUsers(team, 4), "1 second");
        browser.findElement(By.id("refresh")).click();
        By runningRow = By.cssSelector("tr[data-op-id='" + running + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(runningRow, "in_progress"));
        browser.findElement(runningRow).findElement(By.xpath(".//button[text()='Cancel']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(runningRow, "aborted"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(runningRow, "cancelled: 4"));
        assertEquals("aborted", Ops.statusOf(running));

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertEquals(null, page.executeScript("return sessionStorage.getItem('linkops.apiKey')"));
    }

    @Test
    void aLargeOpRunningIsFollowedLiveToItsEnd() throws Exception {
        TestTeam team = Teams.createMigrating("console live", "fitbit");
        List<UUID> users = Teams.insertUsers(team.id(), 10000);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        browser.get(console.toString());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('linkops.apiKey', arguments[0])",
                team.apiKey());
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));

        String opId = as(team).body(Recipes.body("fitbit", users, "live", false)).post("/v2/link/bulk_import")
                .then().statusCode(202).extract().path("bulk_op_id");
        browser.findElement(By.id("refresh")).click();
        By row = By.cssSelector("tr[data-op-id='" + opId + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "success"));
        WebElement progress = browser.findElement(row).findElement(By.tagName("progress"));
        assertEquals("10000", progress.getDomProperty("value"));
        assertTrue(browser.findElement(row).getText().contains("10,000 / 10,000"), browser.findElement(row).getText());
        assertTrue(browser.findElement(row).getText().contains("none"), "no failures: "
                + browser.findElement(row).getText());
    }

    private void choose(Path file) {
        WebElement input = browser.findElement(By.id("import-file"));
        input.sendKeys(file.toString());
        new WebDriverWait(browser, DEADLINE).until(ExpectedConditions.elementToBeClickable(By.id("import")));
    }

    private static Path file(String name, Map<String, Object> body) throws Exception {
        Path file = Files.createTempFile("console-" + name, ".json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(body));
        return file;
    }
}
