package io.ams.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ams.store.ChronicleTrialStore;
import io.ams.store.StudyMeta;
import io.ams.store.TrialRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local web server showing a store's {@link StudyReport}, read again on each request, so the
 * page follows a search that writes the store (a reader never blocks the writer for longer
 * than one copy of the map: {@link ChronicleTrialStore#openForReading}). {@code GET /} is the
 * report, {@code GET /api/state} a small JSON object ({@code trials}, {@code writer_running},
 * {@code state}) that the page polls to know when to fetch itself again.
 */
public final class Dashboard implements AutoCloseable {
    private final Path store;
    private final HttpServer server;
    private final ExecutorService pool;
    /** The last page rendered and the store state it shows: a page is rendered once per change of the store. */
    private String cachedState = "", cachedPage = "";
    /** Read once, at the start: a store's study never changes its space. */
    private final Optional<Genes> genes;

    private Dashboard(Path store, Optional<Genes> genes, HttpServer server) {
        this.store = store;
        this.genes = genes;
        this.server = server;
        // one reader at a time: a page and its polls never copy the store twice at once
        this.pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ams-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
    }

    /**
     * Serves {@code store} on {@code host:port} (port 0: any free port) until {@link #close()}.
     * The store is opened once here, so that a path that is not a store fails now, not on the
     * first page.
     */
    public static Dashboard start(Path store, String host, int port) throws IOException {
        Optional<Genes> genes;
        try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
            genes = Genes.ofStudy(s.meta());
        }
        Dashboard d = new Dashboard(store, genes, HttpServer.create(new InetSocketAddress(host, port), 16));
        d.server.start();
        return d;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (!path.equals("/") && !path.equals("/api/state")) {
                send(ex, 404, "text/plain", "no page " + path + ": the report is at /, its state at /api/state");
                return;
            }
            StudyMeta meta;
            List<TrialRecord> trials;
            boolean writing;
            try (ChronicleTrialStore s = ChronicleTrialStore.openForReading(store)) {
                meta = s.meta();
                trials = s.all();
                writing = s.writerRunning();
            } catch (RuntimeException e) {
                // a store being replaced or a reader that timed out: say so, the page polls again
                send(ex, 503, "text/plain", "cannot read " + store + ": " + e.getMessage());
                return;
            }
            if (path.equals("/api/state")) {
                String state = StudyReport.state(trials, writing);
                send(ex, 200, "application/json", "{\"trials\":" + trials.size() + ",\"writer_running\":" + writing
                        + ",\"state\":\"" + state + "\"}");
                return;
            }
            String state = StudyReport.state(trials, writing);
            if (!state.equals(cachedState)) {  // one request at a time (a single thread): no race on the cache
                cachedPage = StudyReport.html(meta, trials, genes,
                        new StudyReport.Source(store.toString(), writing, System.currentTimeMillis()), true);
                cachedState = state;
            }
            send(ex, 200, "text/html; charset=utf-8", cachedPage);
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    /** Stops serving (requests in flight get up to a second to finish). */
    @Override
    public void close() {
        server.stop(1);
        pool.shutdownNow();
    }
}
