package org.greenai.tracker.internal.windows;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.greenai.tracker.Provenance;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.internal.accounting.Accounting;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.report.EnergyReport.WindowReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's windows: those open, the aggregates of those closed ({@link WindowLog}), and the final totals once the
 * tracker took its final reading. A window is either closed by its owner before the final totals exist, or ended
 * by the tracker's close at the final reading, never both, never neither. Thread-safe.
 */
public final class WindowBook {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);

    private final String runId;
    private final Accounting accounting;
    private final TrackerClock clock;
    private final boolean[] available;
    private final WindowLog log;
    private final Runnable boundaryRead;
    private final BooleanSupplier trackerClosed;
    private final Consumer<CountDownLatch> await;
    /** Counted down when the tracker's close has published the final totals and ended the windows still open. */
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Guards {@link #open} and the publication of the final totals. */
    private final Object lock = new Object();
    /** Windows opened and not closed yet, in opening order. */
    private final Set<WindowState> open = new LinkedHashSet<>();
    private volatile double[] finalEnergyJoules;
    private volatile double[] finalCo2eGrams;
    private volatile long finalNanos;

    /**
     * @param boundaryRead  takes a boundary reading on the calling thread (boundary hook, then every probe)
     * @param trackerClosed whether the tracker's close has begun
     * @param await         waits (bounded) for a latch the tracker's close counts down
     */
    public WindowBook(String runId, Accounting accounting, Runnable boundaryRead, BooleanSupplier trackerClosed,
                      Consumer<CountDownLatch> await) {
        this.runId = runId;
        this.accounting = accounting;
        this.clock = accounting.clock();
        this.boundaryRead = boundaryRead;
        this.trackerClosed = trackerClosed;
        this.await = await;
        int n = accounting.channelCount();
        String[] channelIds = new String[n];
        this.available = new boolean[n];
        for (int i = 0; i < n; i++) {
            channelIds[i] = accounting.spec(i).id();
            available[i] = accounting.spec(i).provenance() != Provenance.UNAVAILABLE;
        }
        this.log = new WindowLog(channelIds);
    }

    /**
     * Opens a window at a boundary reading taken now. A channel not measured yet counts from its first valid
     * reading, as in the run's totals.
     *
     * @throws IllegalStateException once the tracker has published its final totals
     */
    public WindowState open(String name) {
        boundaryRead.run();
        double[] energy = new double[available.length];
        double[] co2e = new double[available.length];
        accounting.copyTotals(energy, co2e);
        for (int i = 0; i < energy.length; i++) {
            energy[i] = Double.isNaN(energy[i]) ? 0 : energy[i];
            co2e[i] = Double.isNaN(co2e[i]) ? 0 : co2e[i];
        }
        WindowState window = new WindowState(name, clock.nanoTime(), energy, co2e);
        synchronized (lock) {
            if (finalEnergyJoules != null) {
                throw new IllegalStateException("window('" + name + "') called after close() of tracker " + runId);
            }
            open.add(window);
        }
        return window;
    }

    /**
     * Takes the closing reading of a window and adds it to the aggregates. While the tracker is closing, its close
     * ends the window at the final reading instead; this waits for that (bounded), so the window is closed when it
     * returns. Only the first call closes.
     */
    public void close(WindowState window) {
        if (!window.startClosing()) {
            return;
        }
        if (!trackerClosed.getAsBoolean()) {
            boundaryRead.run();
            synchronized (lock) {
                if (!trackerClosed.getAsBoolean() && open.remove(window)) {
                    double[] energy = new double[available.length];
                    double[] co2e = new double[available.length];
                    accounting.copyTotals(energy, co2e);
                    end(window, energy, co2e, clock.nanoTime(), false);
                    return;
                }
            }
        }
        await.accept(ended);
    }

    /** Drops a window that is not to be reported (an epoch in which nothing was trained). */
    public void discard(WindowState window) {
        if (window.startClosing()) {
            synchronized (lock) {
                open.remove(window);
            }
        }
    }

    /**
     * Publishes the final totals and ends the windows still open at the final reading, so that they are in the
     * report (counted as {@code endedAtClose}).
     */
    public void endOpenWindows(double[] energy, double[] co2e, long endNanos) {
        int count;
        synchronized (lock) {
            finalNanos = endNanos;
            finalCo2eGrams = co2e;
            finalEnergyJoules = energy; // last: a reader that sees it sees the two above
            for (WindowState w : open) {
                end(w, energy, co2e, endNanos, true);
            }
            count = open.size();
            open.clear();
        }
        ended.countDown();
        if (count > 0) {
            LOG.info("GreenAI: {} window(s) still open at close() of tracker {} end at its final reading "
                    + "(endedAtClose in the report)", count, runId);
        }
    }

    /** Releases any window close waiting for the final totals (the tracker's close ended, maybe by failing). */
    public void releaseWaiters() {
        ended.countDown();
    }

    /** Whether the final totals are published; then {@link #finalNanos()} is the final reading's time. */
    public boolean ended() {
        return finalEnergyJoules != null;
    }

    public long finalNanos() {
        return finalNanos;
    }

    /** The energy of the available channels since {@code window} opened: so far, or up to the final reading. */
    public double energySince(WindowState window) {
        double[] now = new double[available.length];
        totals(now, new double[available.length]);
        return sumDelta(now, window.startEnergyJoules());
    }

    public double co2eSince(WindowState window) {
        double[] now = new double[available.length];
        totals(new double[available.length], now);
        return sumDelta(now, window.startCo2eGrams());
    }

    public long nanosSince(WindowState window) {
        return clock.nanoTime() - window.startNanos();
    }

    /** The aggregates of the closed windows, by name. */
    public List<WindowReport> reports() {
        return log.reports(available);
    }

    private void totals(double[] energy, double[] co2e) {
        double[] fe = finalEnergyJoules;
        if (fe != null) {
            System.arraycopy(fe, 0, energy, 0, fe.length);
            System.arraycopy(finalCo2eGrams, 0, co2e, 0, fe.length);
        } else {
            accounting.copyTotals(energy, co2e);
        }
    }

    /**
     * The sum over the available channels of {@code now - start}, leaving out channels without a valid reading by
     * {@code now} (NaN there); NaN when no channel has one: unknown, not zero.
     */
    private double sumDelta(double[] now, double[] start) {
        double sum = 0;
        boolean any = false;
        for (int i = 0; i < now.length; i++) {
            double delta = now[i] - start[i];
            if (available[i] && !Double.isNaN(delta)) {
                sum += delta;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** Ends {@code window} at {@code endNanos} with the totals {@code energy} and {@code co2e}, and aggregates it. */
    private void end(WindowState window, double[] energy, double[] co2e, long endNanos, boolean endedAtClose) {
        long durationNanos = endNanos - window.startNanos();
        double totalEnergy = sumDelta(energy, window.startEnergyJoules());
        double totalCo2e = sumDelta(co2e, window.startCo2eGrams());
        double[] channelJoules = new double[energy.length];
        for (int i = 0; i < energy.length; i++) {
            channelJoules[i] = available[i] ? energy[i] - window.startEnergyJoules()[i] : 0; // NaN: no valid reading
        }
        log.add(window.name(), durationNanos, channelJoules, totalEnergy, totalCo2e, window.units(), endedAtClose);
        window.end(totalEnergy, totalCo2e, durationNanos);
    }
}
