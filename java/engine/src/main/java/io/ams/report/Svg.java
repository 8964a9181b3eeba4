package io.ams.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG canvas for the report's plots, drawn on the server: the report is one file that
 * opens without a network or a script library, and every plot is plain markup that a test can
 * read. Marks carry a {@code <title>}, which a browser shows on hover.
 */
final class Svg {
    /** Left, right, top and bottom margins around the plotting area, in pixels. */
    static final int LEFT = 64, RIGHT = 16, TOP = 28, BOTTOM = 44;

    private final StringBuilder sb = new StringBuilder();
    final int width, height;

    Svg(int width, int height, String cssClass, String title) {
        this.width = width;
        this.height = height;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot ").append(cssClass)
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        if (title != null) text(width / 2.0, 17, title, "middle", "title");
    }

    /** Maps data to pixels along one axis: linear, or linear in the logarithm. */
    record Scale(double lo, double hi, boolean log, double p0, double p1) {
        static Scale of(double min, double max, boolean log, double p0, double p1) {
            if (!(min <= max)) { min = 0; max = 1; }
            if (log && min <= 0) log = false;
            if (min == max) {
                double pad = log ? 2 : Math.max(Math.abs(min) * 0.05, 0.5);
                min = log ? min / pad : min - pad;
                max = log ? max * pad : max + pad;
            } else if (!log) {
                double pad = (max - min) * 0.04;
                min -= pad;
                max += pad;
            }
            return new Scale(min, max, log, p0, p1);
        }

        double px(double v) {
            double t = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
            return p0 + t * (p1 - p0);
        }

        /** About {@code n} round values inside the range. */
        List<Double> ticks(int n) {
            List<Double> out = new ArrayList<>();
            if (log) {
                for (double d = Math.pow(10, Math.floor(Math.log10(lo))); d <= hi * 1.0001; d *= 10) {
                    if (d >= lo * 0.9999) out.add(d);
                }
                if (out.size() >= 2) return out;
                out.clear();
                out.add(lo);
                out.add(hi);
                return out;
            }
            double raw = (hi - lo) / Math.max(1, n);
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag >= 5 ? 10 * mag : raw / mag >= 2 ? 5 * mag : raw / mag >= 1 ? 2 * mag : mag;
            for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
                out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
            }
            return out;
        }
    }

    /** Frame, ticks, grid lines and axis labels; a null {@code x} leaves the horizontal axis to the caller. */
    void axes(Scale x, Scale y, String xLabel, String yLabel) {
        double x0 = x == null ? LEFT : Math.min(x.p0, x.p1), x1 = x == null ? width - RIGHT : Math.max(x.p0, x.p1);
        double y0 = Math.min(y.p0, y.p1), y1 = Math.max(y.p0, y.p1);
        sb.append("<rect class=\"frame\" x=\"").append(f(x0)).append("\" y=\"").append(f(y0)).append("\" width=\"")
                .append(f(x1 - x0)).append("\" height=\"").append(f(y1 - y0)).append("\"/>");
        for (double t : x == null ? List.<Double>of() : x.ticks(6)) {
            double px = x.px(t);
            line(px, y0, px, y1, "grid");
            text(px, y1 + 14, number(t), "middle", "tick");
        }
        for (double t : y.ticks(5)) {
            double py = y.px(t);
            line(x0, py, x1, py, "grid");
            text(x0 - 5, py + 4, number(t), "end", "tick");
        }
        if (xLabel != null) text((x0 + x1) / 2, y1 + 32, xLabel, "middle", "label");
        if (yLabel != null) {
            sb.append("<text class=\"label\" text-anchor=\"middle\" transform=\"translate(14,").append(f((y0 + y1) / 2))
                    .append(") rotate(-90)\">").append(Html.escape(yLabel)).append("</text>");
        }
    }

    void line(double x1, double y1, double x2, double y2, String cssClass) {
        sb.append("<line class=\"").append(cssClass).append("\" x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1))
                .append("\" x2=\"").append(f(x2)).append("\" y2=\"").append(f(y2)).append("\"/>");
    }

    void circle(double x, double y, double r, String fill, String cssClass, String title) {
        sb.append("<circle class=\"").append(cssClass).append("\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y))
                .append("\" r=\"").append(f(r)).append('"');
        if (fill != null) sb.append(" fill=\"").append(fill).append('"');
        closeWithTitle("circle", title);
    }

    /** A cross: how a pruned or failed trial is marked. */
    void cross(double x, double y, double r, String cssClass, String title) {
        sb.append("<path class=\"").append(cssClass).append("\" d=\"M").append(f(x - r)).append(',').append(f(y - r))
                .append('L').append(f(x + r)).append(',').append(f(y + r)).append('M').append(f(x - r)).append(',')
                .append(f(y + r)).append('L').append(f(x + r)).append(',').append(f(y - r)).append('"');
        closeWithTitle("path", title);
    }

    void polyline(double[] xs, double[] ys, String stroke, String cssClass, String title) {
        sb.append("<polyline class=\"").append(cssClass).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(f(xs[i])).append(',').append(f(ys[i]));
        }
        sb.append('"');
        if (stroke != null) sb.append(" stroke=\"").append(stroke).append('"');
        closeWithTitle("polyline", title);
    }

    void rect(double x, double y, double w, double h, String fill, String cssClass, String title) {
        sb.append("<rect class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
                .append("\" width=\"").append(f(Math.max(0, w))).append("\" height=\"").append(f(Math.max(0, h))).append('"');
        if (fill != null) sb.append(" fill=\"").append(fill).append('"');
        closeWithTitle("rect", title);
    }

    void text(double x, double y, String text, String anchor, String cssClass) {
        sb.append("<text class=\"").append(cssClass).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(text)).append("</text>");
    }

    private void closeWithTitle(String tag, String title) {
        if (title == null) {
            sb.append("/>");
        } else {
            sb.append("><title>").append(Html.escape(title)).append("</title></").append(tag).append('>');
        }
    }

    String end() {
        return sb.append("</svg>").toString();
    }

    /** Coordinates to 0.1 px: plenty on screen, and a plot of thousands of marks stays small. */
    static String f(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }

    /** A tick or a value for people: 4 significant digits, no trailing zeros. */
    static String number(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e-0", "e-");
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /**
     * A colour for {@code t} in [0, 1] on the viridis scale (dark purple to yellow): perceptually
     * even and readable in grey, so better trials read as brighter.
     */
    static String color(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        t = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double w = pos - i;
        int r = (int) Math.round(stops[i][0] + w * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + w * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + w * (stops[i + 1][2] - stops[i][2]));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
