package io.ams.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy-against-size fronts of multi-objective MLP searches, from their {@code ams export
 * --json} files and {@code ams run --json} results: a PNG (validation accuracy over nonzero
 * weights, log scale; every trial at the front's fidelity faint, each strategy's front members as
 * dots, and the staircase of those that no other beats in accuracy and size alone, since a front
 * over three metrics is not a line in two) and a Markdown table per
 * strategy (the front's trials with their latency and test accuracy, and the smallest network
 * within 1% of the best accuracy). Drawn with Java2D, so no plotting library is needed.
 *
 * <p>usage: FrontReport out-png=FILE out-md=FILE runs=name@export.json:result.json,...
 */
public final class FrontReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    record Point(long id, double accuracy, double params, double latency, boolean front, double test, double fidelity) {}

    record Run(String name, List<Point> trials, JsonNode result) {
        List<Point> front() {
            return trials.stream().filter(Point::front).sorted(Comparator.comparingDouble(Point::params)).toList();
        }

        /** The trials at the front's fidelity (0, the full budget, counts as the highest): lower rungs are not comparable. */
        List<Point> comparable() {
            double top = trials.stream().mapToDouble(p -> p.fidelity() == 0 ? Double.MAX_VALUE : p.fidelity()).max().orElse(0);
            return trials.stream().filter(p -> (p.fidelity() == 0 ? Double.MAX_VALUE : p.fidelity()) == top).toList();
        }

        /** The front members no other member beats in accuracy and size alone, by size. */
        List<Point> staircase() {
            List<Point> f = front();
            return f.stream().filter(p -> f.stream().noneMatch(q -> q.accuracy() >= p.accuracy() && q.params() <= p.params()
                    && (q.accuracy() > p.accuracy() || q.params() < p.params()))).toList();
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = BenchSupport.args(args);
        List<Run> runs = new ArrayList<>();
        for (String spec : a.get("runs").split(",")) {
            String[] nameFiles = spec.split("@", 2);
            String[] files = nameFiles[1].split(":");
            runs.add(read(nameFiles[0], Path.of(files[0]), Path.of(files[1])));
        }
        plot(runs, Path.of(a.get("out-png")));
        Files.writeString(Path.of(a.get("out-md")), table(runs));
    }

    static Run read(String name, Path export, Path result) throws IOException {
        JsonNode r = JSON.readTree(result.toFile());
        JsonNode tests = r.path("front_test");
        List<Point> points = new ArrayList<>();
        for (JsonNode t : JSON.readTree(export.toFile()).get("trials")) {
            if (!t.get("state").asText().equals("COMPLETE") || !t.hasNonNull("values")) continue;
            JsonNode m = t.get("metrics");
            JsonNode test = tests.path(t.get("id").asText()).path("test_metric");
            points.add(new Point(t.get("id").asLong(), t.get("value").asDouble(), m.get("params").asDouble(),
                    m.path("latency_ms").asDouble(Double.NaN), t.path("front").asBoolean(),
                    test.isNumber() ? test.asDouble() : Double.NaN, t.get("fidelity").asDouble()));
        }
        return new Run(name, points, r);
    }

    static void plot(List<Run> runs, Path png) throws IOException {
        int w = 900, h = 600, left = 80, right = 30, top = 40, bottom = 60;
        double minP = Double.MAX_VALUE, maxP = 0, minA = 1, maxA = 0;
        for (Run r : runs) {
            for (Point p : r.comparable()) {
                minP = Math.min(minP, p.params());
                maxP = Math.max(maxP, p.params());
                // the axis starts at the worst front point's accuracy less a margin: diverged trials (10%) would flatten it
                if (p.front()) minA = Math.min(minA, p.accuracy());
                maxA = Math.max(maxA, p.accuracy());
            }
        }
        minA = Math.max(0, minA - 0.05);
        double lo = Math.log10(minP) - 0.05, hi = Math.log10(maxP) + 0.05;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int e = (int) Math.ceil(lo); e <= Math.floor(hi); e++) {
            int x = left + (int) ((e - lo) / (hi - lo) * (w - left - right));
            g.drawLine(x, h - bottom, x, h - bottom + 5);
            g.drawString(String.format(Locale.ROOT, "%,d", (long) Math.pow(10, e)), x - 15, h - bottom + 20);
        }
        for (int k = 0; k <= 5; k++) {
            double acc = minA + k * (maxA - minA) / 5;
            int y = h - bottom - (int) ((acc - minA) / (maxA - minA) * (h - top - bottom));
            g.drawLine(left - 5, y, left, y);
            g.drawString(String.format(Locale.ROOT, "%.3f", acc), left - 50, y + 4);
        }
        g.drawString("nonzero weights (params, log scale)", w / 2 - 100, h - 15);
        g.drawString("validation accuracy", 10, top - 15);
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            Color c = COLORS[i % COLORS.length];
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
            for (Point p : r.comparable()) {
                if (p.accuracy() < minA) continue;
                int[] xy = xy(p, lo, hi, minA, maxA, w, h, left, right, top, bottom);
                g.fillOval(xy[0] - 3, xy[1] - 3, 6, 6);
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(2));
            for (Point p : r.front()) {
                int[] xy = xy(p, lo, hi, minA, maxA, w, h, left, right, top, bottom);
                g.fillOval(xy[0] - 4, xy[1] - 4, 8, 8);
            }
            int[] previous = null;
            for (Point p : r.staircase()) {
                int[] xy = xy(p, lo, hi, minA, maxA, w, h, left, right, top, bottom);
                if (previous != null) {
                    g.drawLine(previous[0], previous[1], xy[0], previous[1]);
                    g.drawLine(xy[0], previous[1], xy[0], xy[1]);
                }
                previous = xy;
            }
            g.drawString(r.name() + ": front of " + r.front().size() + " of " + r.comparable().size()
                    + " trials at its fidelity (dots; the line: best accuracy for its size)", left + 20, top + 20 + 18 * i);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static int[] xy(Point p, double lo, double hi, double minA, double maxA, int w, int h, int left, int right,
                            int top, int bottom) {
        int x = left + (int) ((Math.log10(p.params()) - lo) / (hi - lo) * (w - left - right));
        int y = h - bottom - (int) ((p.accuracy() - minA) / (maxA - minA) * (h - top - bottom));
        return new int[] {x, y};
    }

    static String table(List<Run> runs) {
        StringBuilder md = new StringBuilder();
        for (Run r : runs) {
            List<Point> front = r.front();
            md.append("### ").append(r.name()).append("\n\n");
            md.append(String.format(Locale.ROOT, "%d trials, %d complete, front of %d; hypervolume %s; stopped: %s, %s s%n%n",
                    r.result().path("trials").asInt(), r.trials().size(), front.size(),
                    BenchSupport.num(r.result().path("hypervolume").asDouble()), r.result().path("stop_reason").asText(),
                    BenchSupport.fixed(r.result().path("seconds").asDouble(), 0)));
            md.append("| trial | validation accuracy | params | latency_ms | test accuracy |\n|---|---|---|---|---|\n");
            for (Point p : front) {
                md.append(String.format(Locale.ROOT, "| %d | %.4f | %,d | %.4f | %s |%n", p.id(), p.accuracy(),
                        (long) p.params(), p.latency(), Double.isNaN(p.test()) ? "" : String.format(Locale.ROOT, "%.4f", p.test())));
            }
            Point mostAccurate = front.stream().max(Comparator.comparingDouble(Point::accuracy)).orElse(null);
            if (mostAccurate == null) continue;
            Point smallest = front.stream().filter(p -> p.accuracy() >= mostAccurate.accuracy() - 0.01)
                    .min(Comparator.comparingDouble(Point::params)).orElseThrow();
            md.append(String.format(Locale.ROOT, "%nSmallest network within 1%% of the best validation accuracy (%.4f, trial %d"
                            + " with %,d weights): trial %d, %.4f with %,d weights (%.1fx fewer), latency %.4f ms against %.4f ms.%n%n",
                    mostAccurate.accuracy(), mostAccurate.id(), (long) mostAccurate.params(), smallest.id(), smallest.accuracy(),
                    (long) smallest.params(), mostAccurate.params() / smallest.params(), smallest.latency(), mostAccurate.latency()));
        }
        return md.toString();
    }
}
