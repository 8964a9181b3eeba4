package io.ams.cli;

import io.ams.space.Config;
import io.ams.space.LayerConfig;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configurations and values as people read them: in full (one key a line, layers as a table) or in one short line. */
final class ConfigText {
    private ConfigText() {}

    /** A value: integers as they are, reals to 4 significant digits, very small or large ones in exponent form. */
    static String value(Object v) {
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return number(f);
        return String.valueOf(v);
    }

    static String number(double d) {
        if (Double.isNaN(d)) return "-";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return "0";
        double a = Math.abs(d);
        if (a >= 1e-3 && a < 1e6) {
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", d);
    }

    /** A metric value in a fixed four decimals (accuracies, losses), or {@link #number} when that would hide it. */
    static String metric(double d) {
        if (Double.isFinite(d) && Math.abs(d) >= 1e-3 && Math.abs(d) < 1e7) return String.format(Locale.ROOT, "%.4f", d);
        return number(d);
    }

    /**
     * What a trial measured besides its value, one line: {@code measured: flops 4,736, latency_ms
     * 0.0157, params 612, train_seconds 0.31}; empty when it recorded nothing.
     */
    static Optional<String> measured(Map<String, Double> metrics) {
        if (metrics.isEmpty()) return Optional.empty();
        List<String> parts = new ArrayList<>();
        metrics.forEach((name, v) -> parts.add(name + " " + amount(v)));
        return Optional.of("measured: " + String.join(", ", parts));
    }

    /** A whole number with thousands separators ({@code 3,552}), anything else as {@link #metric}. */
    static String amount(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : metric(v);
    }

    /** The configuration in full: {@code key: value} lines, then each layer stack as a small table. */
    static List<String> full(Config c) {
        List<String> lines = new ArrayList<>();
        c.values().forEach((k, v) -> lines.add(k + ": " + value(v)));
        c.stacks().forEach((name, layers) -> {
            lines.add(name + ": " + (layers.isEmpty() ? "none" : layers.size() + (layers.size() == 1 ? " layer" : " layers")));
            if (!layers.isEmpty()) table(layers).forEach(row -> lines.add("  " + row));
        });
        return lines;
    }

    /** Layers as rows under a header: {@code #, units, activation, ...} (units first, the rest by name). */
    static List<String> table(List<LayerConfig> layers) {
        Set<String> keys = new LinkedHashSet<>();
        if (layers.stream().anyMatch(l -> l.has("units"))) keys.add("units");
        layers.forEach(l -> keys.addAll(l.values().keySet()));
        List<String> header = new ArrayList<>();
        header.add("#");
        header.addAll(keys);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(i + 1));
            for (String k : keys) row.add(layers.get(i).has(k) ? value(layers.get(i).get(k)) : "-");
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (int j = 0; j < width.length; j++) {
            width[j] = header.get(j).length();
            for (List<String> row : rows) width[j] = Math.max(width[j], row.get(j).length());
        }
        List<String> out = new ArrayList<>();
        out.add(row(header, width));
        rows.forEach(r -> out.add(row(r, width)));
        return out;
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < cells.size(); j++) {
            if (j > 0) sb.append("  ");
            String cell = cells.get(j);
            // numbers right-aligned, words left-aligned, as a reader scans them
            boolean numeric = cell.matches("-?[0-9.e+-]+");
            String pad = " ".repeat(width[j] - cell.length());
            sb.append(numeric ? pad + cell : cell + (j == cells.size() - 1 ? "" : pad));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * The configuration on one line: stacks as their widths with their activation
     * ({@code 128-64 relu} when the layers share one, {@code 128relu-64tanh} when not), then
     * {@code key=value} for the other values, leaving out {@code skip} (keys that do not vary
     * among the trials shown). Nothing is cut: {@link #wrap} fits it to a terminal.
     */
    static String summary(Config c, Set<String> skip) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<LayerConfig>> e : c.stacks().entrySet()) {
            if (skip.contains(e.getKey())) continue;
            List<LayerConfig> layers = e.getValue();
            if (layers.isEmpty()) {
                parts.add(e.getKey() + "=none");
            } else if (layers.get(0).has("units")) {
                boolean oneActivation = layers.stream().map(l -> l.has("activation") ? l.get("activation") : "")
                        .distinct().count() == 1;
                StringBuilder sb = new StringBuilder();
                for (LayerConfig l : layers) {
                    sb.append(sb.length() == 0 ? "" : "-").append(value(l.get("units")));
                    if (!oneActivation && l.has("activation")) sb.append(l.get("activation"));
                }
                if (oneActivation && layers.get(0).has("activation")) sb.append(' ').append(layers.get(0).get("activation"));
                parts.add(sb.toString());
            } else {
                parts.add(e.getKey() + "=" + layers.size());
            }
        }
        c.values().forEach((k, v) -> {
            if (!skip.contains(k)) parts.add(k + "=" + value(v));
        });
        return String.join(" ", parts);
    }

    /** Splits {@code text} at spaces into lines of at most {@code width} characters (a longer word gets a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** Keys (values and stacks) that take the same value in every configuration: not worth a column. */
    static Set<String> constantKeys(List<Config> configs) {
        Set<String> constant = new LinkedHashSet<>();
        if (configs.size() < 2) return constant;
        Config first = configs.get(0);
        first.values().forEach((k, v) -> {
            if (configs.stream().allMatch(c -> v.equals(c.values().get(k)))) constant.add(k);
        });
        first.stacks().forEach((k, v) -> {
            if (configs.stream().allMatch(c -> v.equals(c.stacks().get(k)))) constant.add(k);
        });
        return constant;
    }

    /** Seconds as people read them: {@code 0.4 s}, {@code 12.3 s}, {@code 2 m 05 s}, {@code 1 h 02 m}. */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d m %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d m", s / 3600, (s % 3600) / 60);
    }

    /** A clock for the progress bar: {@code 0:42}, {@code 12:05}, {@code 1:02:05}. */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 3600) return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
