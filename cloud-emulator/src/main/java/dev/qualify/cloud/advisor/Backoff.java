package dev.qualify.cloud.advisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a series of retry delays (from one attempt's end to the next attempt's start), as Device Advisor's
 * backoff cases do:
 * <ul>
 * <li><b>exponential growth</b>: on a log scale the delays rise along a straight line by at least
 *     {@value #MIN_GROWTH}× per retry, and that exponential fits them (in log terms) better than a straight line
 *     fitted to the delays themselves (what linear backoff follows); a constant or linear series FAILs;</li>
 * <li><b>jitter</b>: the delays scatter around the exponential line by at least {@value #MIN_JITTER} (standard
 *     deviation of the log2 residuals), or the growth from one retry to the next varies by at least
 *     {@value #MIN_RATIO_RANGE} (range of the log2 ratios of consecutive delays); a fixed schedule has neither, beyond
 *     timing noise, and passes with a warning;</li>
 * <li><b>a cap</b>: once a delay stops growing (within jitter) the remaining ones must not exceed it by more than
 *     the jitter; trailing delays that hover at their highest are the capped phase and are left out of the fit.</li>
 * </ul>
 * Delays below {@value #NOISE_FLOOR_MS} ms are timing noise on a loaded host rather than a schedule, so a series
 * starting below it is judged from its first delay above it. Pure function.
 */
public final class Backoff {
    /** Smallest growth factor per retry that counts as exponential. */
    public static final double MIN_GROWTH = 1.5;
    /** Smallest scatter (log2 residual standard deviation) that counts as jitter. */
    public static final double MIN_JITTER = 0.08;
    /** Smallest range of log2 growth ratios that counts as jitter. */
    public static final double MIN_RATIO_RANGE = 0.2;
    /** Delays below this are not judged (milliseconds). */
    public static final double NOISE_FLOOR_MS = 20;
    /** Smallest ratio of the later half's mean delay to the earlier half's that counts as backing off. */
    public static final double MIN_BACKOFF_RATIO = 1.3;

    private Backoff() {
    }

    /** The judgement of a series. */
    public record Judgement(AdvisorStatus status, String summary, double growthPerRetry, double jitter, double capMs) {
    }

    /**
     * @param delaysMs   the delays, in the order the device made them
     * @param minRetries how many retries the case requires at least
     */
    public static Judgement judge(List<Double> delaysMs, int minRetries) {
        String series = format(delaysMs);
        if (delaysMs.size() < minRetries) return tooFewRetries(delaysMs.size(), minRetries, series);
        Growing g = growing(delaysMs);
        List<Double> growing = g.delays();
        double cap = g.cap();
        if (growing.size() < 3) {
            return new Judgement(AdvisorStatus.FAIL, "no growth: delays " + series + " (constant backoff)", 1, 0, cap);
        }
        double[] log = fit(growing, true);
        double[] lin = fit(growing, false);
        double growth = Math.pow(2, log[1]);
        double exponentialMisfit = logMisfit(growing, log, true);
        double linearMisfit = logMisfit(growing, lin, false);
        if (growth < MIN_GROWTH || linearMisfit < exponentialMisfit) {
            String shape = growth < 1.1 ? "constant" : "linear";
            return new Judgement(AdvisorStatus.FAIL, String.format(Locale.ROOT,
                    "%s backoff: delays %s grow %.2f× per retry on average and fit a straight line better than an "
                            + "exponential (log misfit %.3f vs %.3f)", shape, series, growth, linearMisfit, exponentialMisfit),
                    growth, 0, cap);
        }
        double jitter = residualDeviation(growing, log);
        double ratioRange = ratioRange(growing);
        String capped = Double.isNaN(cap) ? "no cap reached" : String.format(Locale.ROOT, "capped at about %.0f ms", cap);
        if (jitter < MIN_JITTER && ratioRange < MIN_RATIO_RANGE) {
            return new Judgement(AdvisorStatus.PASS_WITH_WARNINGS, String.format(Locale.ROOT,
                    "exponential backoff without jitter: delays %s grow %.2f× per retry on a fixed schedule (scatter %.3f < %.2f,"
                            + " growth range %.3f < %.1f), %s", series, growth, jitter, MIN_JITTER, ratioRange, MIN_RATIO_RANGE,
                    capped), growth, jitter, cap);
        }
        return new Judgement(AdvisorStatus.PASS, String.format(Locale.ROOT,
                "exponential backoff with jitter: delays %s grow %.2f× per retry, scatter %.3f, %s", series, growth, jitter,
                capped), growth, jitter, cap);
    }

    /**
     * Judges a series for jitter backoff alone ({@code MQTT_Connect_Jitter_Backoff_Retries}): the delays must back
     * off (the later half's mean is at least {@value #MIN_BACKOFF_RATIO}× the earlier half's; a constant series
     * FAILs) and scatter around the better fitting of an exponential and a straight line by at least
     * {@value #MIN_JITTER} (log2 residual standard deviation), else the schedule is fixed and passes with a
     * warning. Whether the growth is exponential is the exponential case's judgement ({@link #judge}), not this one.
     */
    public static Judgement judgeJitter(List<Double> delaysMs, int minRetries) {
        String series = format(delaysMs);
        if (delaysMs.size() < minRetries) return tooFewRetries(delaysMs.size(), minRetries, series);
        Growing g = growing(delaysMs);
        List<Double> growing = g.delays();
        double cap = g.cap();
        int half = growing.size() / 2;
        double early = growing.subList(0, half).stream().mapToDouble(x -> x).average().orElse(0);
        double late = growing.subList(growing.size() - half, growing.size()).stream().mapToDouble(x -> x).average().orElse(0);
        if (growing.size() < 3 || late < early * MIN_BACKOFF_RATIO) {
            return new Judgement(AdvisorStatus.FAIL, String.format(Locale.ROOT,
                    "no backoff: delays %s do not grow (later half %.0f ms on average, earlier half %.0f ms)", series, late, early),
                    1, 0, cap);
        }
        double[] log = fit(growing, true);
        double[] lin = fit(growing, false);
        boolean exponential = logMisfit(growing, log, true) <= logMisfit(growing, lin, false);
        double jitter = exponential ? residualDeviation(growing, log) : linearResidualDeviation(growing, lin);
        double growth = Math.pow(2, log[1]);
        String shape = exponential ? "exponential" : "linear";
        if (jitter < MIN_JITTER && (!exponential || ratioRange(growing) < MIN_RATIO_RANGE)) {
            return new Judgement(AdvisorStatus.PASS_WITH_WARNINGS, String.format(Locale.ROOT,
                    "%s backoff without jitter: delays %s follow a fixed schedule (scatter %.3f < %.2f)", shape, series, jitter,
                    MIN_JITTER), growth, jitter, cap);
        }
        return new Judgement(AdvisorStatus.PASS, String.format(Locale.ROOT,
                "backoff with jitter: delays %s grow (%s shape), scatter %.3f", series, shape, jitter), growth, jitter, cap);
    }

    private static Judgement tooFewRetries(int retries, int minRetries, String series) {
        return new Judgement(AdvisorStatus.FAIL, retries + " retries (" + series + "); at least " + minRetries + " needed",
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** Log2 residual standard deviation around a straight line fitted to the delays. */
    private static double linearResidualDeviation(List<Double> d, double[] lin) {
        double ss = 0;
        for (int i = 0; i < d.size(); i++) {
            double predicted = Math.max(1e-3, lin[0] + lin[1] * i);
            double r = log2(d.get(i)) - log2(predicted);
            ss += r * r;
        }
        return Math.sqrt(ss / Math.max(1, d.size() - 2));
    }

    /** The growing phase of a series (from its first delay above the noise floor) and its cap (NaN when none). */
    private record Growing(List<Double> delays, double cap) {
    }

    private static Growing growing(List<Double> delaysMs) {
        int from = 0;
        while (from < delaysMs.size() && delaysMs.get(from) < NOISE_FLOOR_MS) from++;
        List<Double> d = delaysMs.subList(from, delaysMs.size());
        int end = growingEnd(d);
        double cap = end < d.size() ? d.subList(end - 1, d.size()).stream().mapToDouble(x -> x).max().orElse(0) : Double.NaN;
        return new Growing(d.subList(0, end), cap);
    }

    /** Index after the growing phase: trailing delays within the jitter band of their maximum are the cap. */
    private static int growingEnd(List<Double> d) {
        if (d.size() < 4) return d.size();
        double max = d.stream().mapToDouble(x -> x).max().orElse(0);
        int firstAtMax = 0;
        while (d.get(firstAtMax) < max * 0.9) firstAtMax++;
        // capped only when at least two delays follow the first one at the maximum and none of them grows past it
        if (d.size() - firstAtMax - 1 >= 2) {
            boolean flat = true;
            for (int i = firstAtMax + 1; i < d.size(); i++) if (d.get(i) < max * 0.2) flat = false;
            if (flat) return firstAtMax + 1;
        }
        return d.size();
    }

    /** Least squares of y (log2 of the delay, or the delay) over the retry index: {intercept, slope, r²}. */
    private static double[] fit(List<Double> d, boolean logScale) {
        int n = d.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double y = logScale ? log2(d.get(i)) : d.get(i);
            sx += i;
            sy += y;
            sxx += (double) i * i;
            sxy += i * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        double mean = sy / n, ssTot = 0, ssRes = 0;
        for (int i = 0; i < n; i++) {
            double y = logScale ? log2(d.get(i)) : d.get(i);
            ssTot += (y - mean) * (y - mean);
            double r = y - (intercept + slope * i);
            ssRes += r * r;
        }
        return new double[]{intercept, slope, ssTot == 0 ? 1 : 1 - ssRes / ssTot};
    }

    /**
     * Sum of squared log2 residuals of a model: the exponential line (fitted on log2) or the straight line (fitted
     * on the delays); a straight line that predicts a delay of zero or less does not fit at all.
     */
    private static double logMisfit(List<Double> d, double[] model, boolean logScale) {
        double ss = 0;
        for (int i = 0; i < d.size(); i++) {
            double predicted = logScale ? model[0] + model[1] * i : model[0] + model[1] * i;
            if (!logScale && predicted <= 0) return Double.POSITIVE_INFINITY;
            double r = log2(d.get(i)) - (logScale ? predicted : log2(predicted));
            ss += r * r;
        }
        return ss;
    }

    /** Range of log2(d[i+1] / d[i]) over the series. */
    private static double ratioRange(List<Double> d) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < d.size(); i++) {
            double r = log2(d.get(i + 1)) - log2(d.get(i));
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max - min;
    }

    private static double residualDeviation(List<Double> d, double[] log) {
        double ss = 0;
        for (int i = 0; i < d.size(); i++) {
            double r = log2(d.get(i)) - (log[0] + log[1] * i);
            ss += r * r;
        }
        return Math.sqrt(ss / Math.max(1, d.size() - 2));
    }

    private static double log2(double x) {
        return Math.log(Math.max(x, 1e-3)) / Math.log(2);
    }

    static String format(List<Double> delaysMs) {
        List<String> s = new ArrayList<>();
        for (double x : delaysMs) s.add(String.format(Locale.ROOT, "%.0f", x));
        return "[" + String.join(", ", s) + "] ms";
    }
}
