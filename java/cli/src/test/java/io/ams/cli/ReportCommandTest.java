package io.ams.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ams report} and {@code ams dashboard} as a user runs them, a dashboard on a search that is running included. */
class ReportCommandTest {
    private static final Pattern COUNT = Pattern.compile("<span id=\"count\">(\\d+)</span>");

    private static int rows(String html) {
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        return body.split("<tr", -1).length - 1;
    }

    @Test
    void reportWritesOneFileWithEveryTrialAndTheTestFigureOfTheBest(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("digits.ams");
        TrainCommandTest.Run run = TrainCommandTest.run("run", "mlp-digits", "--trials", "3", "--workers", "1",
                "--store", store.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode result = new ObjectMapper().readTree(run.out());
        Path html = dir.resolve("report.html");
        TrainCommandTest.Run report = TrainCommandTest.run("report", store.toString(), "-o", html.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().startsWith("wrote " + html), report.out());
        String page = Files.readString(html);
        assertEquals(3, rows(page));
        // the test accuracy `ams run` printed, kept in the store, on the page
        Matcher test = Pattern.compile("<th>test accuracy</th><td>([0-9.]+) \\(measured once").matcher(page);
        assertTrue(test.find(), page);
        assertEquals(result.get("test_metric").asDouble(), Double.parseDouble(test.group(1)), 1e-6);
        assertTrue(page.contains("<th>trial</th><td>" + result.get("best_trial").asLong()));
    }

    @Test
    void wrongInputGetsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        TrainCommandTest.Run missing = TrainCommandTest.run("report", dir.resolve("nope.ams").toString(), "-o", dir.resolve("r.html").toString());
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("nope.ams"), missing.err());
        assertFalse(Files.exists(dir.resolve("r.html")));

        TrainCommandTest.Run noOutput = TrainCommandTest.run("report", dir.resolve("nope.ams").toString());
        assertEquals(2, noOutput.exit());
        assertTrue(noOutput.err().contains("--output"), noOutput.err());

        Path store = dir.resolve("b.ams");
        assertEquals(0, TrainCommandTest.run("run", "branin", "--trials", "5", "--store", store.toString(), "--json").exit());
        TrainCommandTest.Run noFolder = TrainCommandTest.run("report", store.toString(), "-o", dir.resolve("no/such/r.html").toString());
        assertNotEquals(0, noFolder.exit());
        assertTrue(noFolder.err().contains("does not exist"), noFolder.err());

        TrainCommandTest.Run badPort = TrainCommandTest.run("dashboard", store.toString(), "--port", "70000");
        assertNotEquals(0, badPort.exit());
        assertTrue(badPort.err().contains("--port must be in [0, 65535]"), badPort.err());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TrainCommandTest.Run busy = TrainCommandTest.run("dashboard", store.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertNotEquals(0, busy.exit());
            assertTrue(busy.err().contains("another program holds the port"), busy.err());
        }
        TrainCommandTest.Run notAStore = TrainCommandTest.run("dashboard", dir.resolve("nope.ams").toString(), "--port", "0");
        assertNotEquals(0, notAStore.exit());
        assertTrue(notAStore.err().contains("nope.ams"), notAStore.err());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theDashboardFollowsARunningSearchWhichLosesNothingAndEndsNormally(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("watched.ams");
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        try (KillResumeTest.Child writer = KillResumeTest.Child.start(dir, 0, "run", "branin", "--strategy", "random",
                "--trials", "1000000", "--time", "12s", "--workers", "1", "--store", store.toString(), "--json")) {
            // the store exists once the run has printed its first progress; in --json mode progress goes to stderr
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(store.resolveSibling("watched.ams.meta.json")) && System.currentTimeMillis() < deadline) Thread.sleep(50);
            Thread.sleep(500);
            try (KillResumeTest.Child dashboard = KillResumeTest.Child.start(dir, 1, "dashboard", store.toString(), "--port", "0")) {
                String first = dashboard.nextLine();
                Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(first);
                assertTrue(url.find(), first);
                URI page = URI.create(url.group(1));
                int seen = 0;
                for (int look = 0; look < 3 && writer.process().isAlive(); look++) {
                    HttpResponse<String> state = http.send(HttpRequest.newBuilder(page.resolve("api/state")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, state.statusCode(), state.body());
                    JsonNode s = json.readTree(state.body());
                    HttpResponse<String> html = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, html.statusCode());
                    Matcher count = COUNT.matcher(html.body());
                    assertTrue(count.find());
                    int shown = Integer.parseInt(count.group(1));
                    if (writer.process().isAlive()) {
                        assertTrue(s.get("writer_running").asBoolean(), state.body());
                        assertTrue(shown > seen, "the page's trial count grows: " + seen + " then " + shown);
                    }
                    assertTrue(shown >= s.get("trials").asInt(), "the page is as new as the state before it");
                    seen = shown;
                    Thread.sleep(1500);
                }
                assertTrue(writer.process().waitFor(90, TimeUnit.SECONDS), "the run ends");
                assertEquals(0, writer.process().exitValue(), writer.stderr());
                String last = null;
                for (String line; !(line = writer.nextLine()).equals(KillResumeTest.EOF); ) last = line;
                int ran = json.readTree(last).get("trials").asInt();
                assertTrue(ran >= seen, "nothing lost: the page showed " + seen + ", the run made " + ran);

                JsonNode after = json.readTree(http.send(HttpRequest.newBuilder(page.resolve("api/state")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertEquals(ran, after.get("trials").asInt());
                assertFalse(after.get("writer_running").asBoolean());
                String html = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertEquals(ran, rows(html));
                dashboard.process().destroy();  // what Ctrl-C does: the shutdown hook stops the server
                assertTrue(dashboard.process().waitFor(20, TimeUnit.SECONDS));
            }
        }
        // the store the dashboard read while it was written resumes as any other
        TrainCommandTest.Run show = TrainCommandTest.run("show", store.toString());
        assertEquals(0, show.exit(), show.err());
        assertFalse(show.out().contains("being written"), show.out());
    }
}
