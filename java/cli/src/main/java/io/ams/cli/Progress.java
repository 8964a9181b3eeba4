package io.ams.cli;

import io.ams.engine.Constraints;
import io.ams.engine.Study;
import io.ams.engine.StudyListener;
import io.ams.engine.StudyResult;
import io.ams.engine.Trial;
import io.ams.store.TrialState;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * What a search shows while it runs. On a terminal, one line redrawn in place: a bar of the
 * trials done against the budget, the best value, the elapsed time and an estimate of what is
 * left, fitted to the terminal's width ({@link #layout}). Elsewhere (a pipe, a file, CI), one plain line per finished trial, which a log keeps
 * and a program can read:
 * {@code trial 12 COMPLETE value=0.9741 best=0.9778 (1.3 s) {"lr":0.001,...}}.
 */
final class Progress implements StudyListener {
    /** The bar's cells at full width, and the fewest worth drawing (below that, "12/60" says as much). */
    private static final int BAR = 24;
    private static final int MIN_BAR = 10;
    private static final String FIELD_GAP = "  ";

    enum Mode { BAR, LOG, QUIET }

    private final PrintWriter out;
    private final PrintWriter notes;
    private final Mode mode;
    private Constraints constraints = Constraints.NONE;
    private long startNanos;
    private Duration timeBudget;
    /** Trials that had ended before this run, and those ended in it. */
    private int endedBefore;
    private int endedNow;
    private int budget;
    private Trial best;
    private boolean barShown;
    /** Redraws the bar each second, so the clock moves while long trials run. */
    private java.util.concurrent.ScheduledExecutorService ticker;

    /** The terminal's width, for the bar; measured only in {@link Mode#BAR}. */
    private final IntSupplier columns;

    Progress(PrintWriter out, PrintWriter notes, Mode mode) {
        this(out, notes, mode, mode == Mode.BAR ? TerminalWidth.measuredAtMostOncePerSecond()::columns
                : () -> TerminalWidth.DEFAULT);
    }

    Progress(PrintWriter out, PrintWriter notes, Mode mode, IntSupplier columns) {
        this.out = out;
        this.notes = notes;
        this.mode = mode;
        this.columns = columns;
    }

    Mode mode() {
        return mode;
    }

    static Mode modeFor(boolean json) {
        return json ? Mode.QUIET : System.console() != null ? Mode.BAR : Mode.LOG;
    }

    @Override
    public synchronized void started(Study study) {
        startNanos = System.nanoTime();
        timeBudget = study.budget().maxTime();
        budget = study.budget().maxTrials();
        // Counted here rather than taken from trialEnded's `done`, which is the store's size and
        // so also counts the trials still running.
        endedBefore = (int) study.trials().stream().filter(t -> t.state().isFinal()).count();
        best = study.best().orElse(null);
        constraints = study.constraints();
        if (mode == Mode.BAR) {
            redraw();
            ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ams-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private synchronized void tick() {
        if (barShown) redraw();
    }

    @Override
    public synchronized void trialStarted(Trial trial) {
        if (mode == Mode.BAR) redraw();
    }

    @Override
    public synchronized void trialEnded(Trial trial, Trial bestSoFar, int done, int budgetTrials) {
        endedNow++;
        best = bestSoFar;
        budget = budgetTrials;
        if (mode == Mode.LOG) {
            out.println(logLine(trial, bestSoFar, constraints));
            out.flush();
        } else if (mode == Mode.BAR) {
            if (trial.state() == TrialState.FAILED) {
                clearBar();
                out.println("trial " + trial.id() + " FAILED: " + trial.error());
            }
            redraw();
        }
    }

    @Override
    public synchronized void note(String message) {
        clearBar();
        notes.println("note: " + message);
        notes.flush();
        if (mode == Mode.BAR && startNanos != 0) redraw();
    }

    @Override
    public synchronized void finished(StudyResult result) {
        if (ticker != null) ticker.shutdownNow();
        clearBar();
    }

    /**
     * {@code trial 12 COMPLETE value=0.9741 best=0.9778 (1.3 s) {config}}, failures with their
     * error, trials outside the constraints with what they broke, and the worker that ran a
     * trial on a cluster ({@code on 10.0.0.5:5701}).
     */
    static String logLine(Trial t, Trial best, Constraints constraints) {
        StringBuilder sb = new StringBuilder("trial ").append(t.id()).append(' ').append(t.state());
        if (t.state() == TrialState.FAILED) {
            sb.append(" error=\"").append(t.error()).append('"');
        } else {
            sb.append(" value=").append(ConfigText.metric(t.value()));
            constraints.whyInfeasible(t.record()).ifPresent(why -> sb.append(" infeasible (").append(why).append(')'));
        }
        if (best != null) sb.append(" best=").append(ConfigText.metric(best.value()));
        sb.append(String.format(Locale.ROOT, " (%.1f s)", t.millis() / 1000.0));
        if (t.record().fidelity() > 0) {
            double f = t.record().fidelity();
            sb.append(" fidelity=").append(f == Math.rint(f) ? Long.toString((long) f) : ConfigText.metric(f));
        }
        t.record().parent().ifPresent(parent -> sb.append(" continues trial ").append(parent));
        t.record().duplicateOf().ifPresent(dup -> sb.append(" duplicate of trial ").append(dup).append(", not trained again"));
        if (t.record().attempt() > 1) sb.append(" attempt ").append(t.record().attempt());
        String worker = t.record().attrs().get(io.ams.engine.Study.WORKER);
        if (worker != null) sb.append(" on ").append(worker);
        return sb.append(' ').append(t.record().config()).toString();
    }

    /**
     * The progress line at full width: {@code [=========>              ] 12/60 trials  best 0.9778  0:42 elapsed  ETA 2:48}.
     * The estimate is the nearer of the two ends: the trials left at this run's pace, and the
     * time budget left.
     */
    static String bar(int done, int budget, Trial best, double elapsed, double doneThisRun, Duration timeBudget) {
        return bar(done, budget, best, elapsed, doneThisRun, timeBudget, Integer.MAX_VALUE);
    }

    /** The progress line for a terminal of {@code columns} columns: see {@link #layout}. */
    static String bar(int done, int budget, Trial best, double elapsed, double doneThisRun, Duration timeBudget,
                      int columns) {
        double eta = eta(done, budget, elapsed, doneThisRun, timeBudget);
        return layout(done, budget, best == null ? "-" : ConfigText.metric(best.value()), ConfigText.clock(elapsed),
                Double.isNaN(eta) ? "-" : ConfigText.clock(eta), columns);
    }

    /**
     * The progress line in at most {@code columns - 1} characters, so that it never wraps (a
     * line that fills the last column wraps on some terminals, and a wrapped line can no longer
     * be redrawn in place with '\r'). The trials done of the budget and the best value matter
     * most; the rest gives way in this order:
     * <ol>
     *   <li>the bar narrows from 24 cells to 10;</li>
     *   <li>the elapsed time goes (the bar is back at up to 24 cells);</li>
     *   <li>the bar goes;</li>
     *   <li>the ETA goes;</li>
     *   <li>the word "trials" goes ({@code 12/60  best 0.9778});</li>
     *   <li>what is left is cut at the width.</li>
     * </ol>
     */
    static String layout(int done, int budget, String best, String elapsed, String eta, int columns) {
        int room = Math.max(1, columns - 1);
        String count = done + "/" + budget;
        String bestField = "best " + best;
        String etaField = "ETA " + eta;
        List<List<String>> withBar = List.of(
                List.of(count + " trials", bestField, elapsed + " elapsed", etaField),
                List.of(count + " trials", bestField, etaField));
        for (List<String> fields : withBar) {
            String text = String.join(FIELD_GAP, fields);
            // "[" cells "] " text
            int cells = Math.min(BAR, room - text.length() - 3);
            if (cells >= MIN_BAR) return barCells(done, budget, cells) + " " + text;
        }
        for (List<String> fields : List.of(
                List.of(count + " trials", bestField, etaField),
                List.of(count + " trials", bestField),
                List.of(count, bestField))) {
            String text = String.join(FIELD_GAP, fields);
            if (text.length() <= room) return text;
        }
        String barest = count + FIELD_GAP + bestField;
        return barest.substring(0, room);
    }

    /** {@code [=====>     ]}: the trials done of the budget in {@code cells} cells. */
    private static String barCells(int done, int budget, int cells) {
        double fraction = budget == 0 ? 0 : Math.min(1, (double) done / budget);
        int filled = (int) Math.round(fraction * cells);
        StringBuilder sb = new StringBuilder(cells + 2).append('[');
        for (int i = 0; i < cells; i++) sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        return sb.append(']').toString();
    }

    static double eta(int done, int budget, double elapsed, double doneThisRun, Duration timeBudget) {
        double byTrials = doneThisRun > 0 ? elapsed / doneThisRun * Math.max(0, budget - done) : Double.NaN;
        // Budget.trials(n) stands for "no time limit" with a year
        double byTime = timeBudget == null || timeBudget.toDays() >= 365 ? Double.NaN
                : Math.max(0, timeBudget.toMillis() / 1000.0 - elapsed);
        if (Double.isNaN(byTrials)) return byTime;
        if (Double.isNaN(byTime)) return byTrials;
        return Math.min(byTrials, byTime);
    }

    private void redraw() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        // '\r' back to the line's start, the line, then ESC[K clears what a longer line left after it.
        out.print("\r" + bar(endedBefore + endedNow, budget, best, elapsed, endedNow, timeBudget, columns.getAsInt())
                + "\u001b[K");
        out.flush();
        barShown = true;
    }

    private void clearBar() {
        if (barShown) {
            out.print("\r\u001b[K");
            out.flush();
            barShown = false;
        }
    }
}
