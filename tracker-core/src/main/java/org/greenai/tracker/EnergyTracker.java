package org.greenai.tracker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.internal.EnergyMath;
import org.greenai.tracker.internal.IntensityLookup;
import org.greenai.tracker.internal.MetricLog;
import org.greenai.tracker.internal.Sampler;
import org.greenai.tracker.internal.Secrets;
import org.greenai.tracker.internal.Settings;
import org.greenai.tracker.internal.TrackerConfig;
import org.greenai.tracker.internal.WindowLog;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.Reports;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.ProbeProvider;
import org.greenai.tracker.spi.ProbeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the energy and carbon footprint of a run, live.
 *
 * <pre>{@code
 * try (EnergyTracker tracker = EnergyTracker.builder().project("resnet").country("FR").start()) {
 *     try (Window epoch = tracker.window("epoch-0")) {
 *         train();
 *         epoch.addUnits(samples);
 *     }
 * } // close(): final reading, report written, one summary line logged
 * }</pre>
 *
 * <p>Lifecycle: {@link Builder#start()} opens the probes, takes a first reading and starts one daemon
 * sampler thread; {@link #close()} takes a final reading, stops the thread, closes the probes and writes the
 * report. A JVM shutdown hook closes a tracker that is still open (report status {@code interrupted}), and
 * running totals are checkpointed to the output directory periodically, so a killed run leaves its energy on
 * record.
 *
 * <p>Thread safety: every method may be called from any thread.
 *
 * <p>Data that is unavailable is reported as such (provenance {@code unavailable}, NaN), never as zero.
 */
public final class EnergyTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnergyTracker.class);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TrackerConfig config;
    private final Sampler sampler;
    private final TrackerClock clock;
    private final long startWallMillis;
    private final String[] channelIds;
    private final boolean[] available;
    private final WindowLog windows;
    private final MetricLog metrics = new MetricLog();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down when the close that won {@link #closed} has written the report. */
    private final CountDownLatch closeDone = new CountDownLatch(1);
    /** Counted down when that close has published the final totals and ended the windows still open. */
    private final CountDownLatch windowsEnded = new CountDownLatch(1);
    private volatile Thread closingThread;
    private final Thread shutdownHook;
    private final Runnable boundaryHook;
    private final Secrets secrets;
    private final Duration ledgerLockTimeout;
    /** True while checkpoints fail: the failure is logged once, not at every checkpoint. Under reportWriteLock. */
    private volatile boolean checkpointFailing;
    /** Orders checkpoint writes before the final report: a checkpoint never overwrites a completed report. */
    private final Object reportWriteLock = new Object();
    /** Writes the sampler's checkpoints: one daemon thread, started at the first checkpoint, stopped by close(). */
    private final ExecutorService checkpointWriter;
    /** Set while a checkpoint handed to {@link #checkpointWriter} is not written yet. */
    private final AtomicBoolean checkpointWriting = new AtomicBoolean();
    private volatile EnergyReport finalReport;
    private volatile EnergyReport.Forecast forecast;
    private volatile double[] finalEnergyJoules;
    private volatile double[] finalCo2eGrams;
    /** Monotonic time of the final reading; a window still open then ends there. */
    private volatile long finalNanos;
    /**
     * Guards {@link #openWindows} and the publication of the final totals: a window is either closed by its owner
     * before the final totals exist, or ended by close() at the final reading, never both, never neither.
     */
    private final Object windowLock = new Object();
    /** Windows opened and not closed yet, in opening order. Under {@link #windowLock}. */
    private final Set<Window> openWindows = new LinkedHashSet<>();

    private EnergyTracker(TrackerConfig config, Sampler sampler, Runnable boundaryHook, boolean installShutdownHook,
                          Secrets secrets, Duration ledgerLockTimeout) {
        this.config = config;
        this.sampler = sampler;
        this.clock = sampler.clock();
        this.boundaryHook = boundaryHook;
        this.secrets = secrets;
        this.ledgerLockTimeout = ledgerLockTimeout;
        this.startWallMillis = config.startWallMillis();
        int n = sampler.channelCount();
        this.channelIds = new String[n];
        this.available = new boolean[n];
        for (int i = 0; i < n; i++) {
            ChannelSpec spec = sampler.spec(i);
            channelIds[i] = spec.id();
            available[i] = spec.provenance() != Provenance.UNAVAILABLE;
        }
        this.windows = new WindowLog(channelIds);
        String writerName = "greenai-checkpoint-" + config.runId();
        this.checkpointWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, writerName);
                    t.setDaemon(true);
                    return t;
                });
        this.shutdownHook = installShutdownHook
                ? new Thread(this::closeOnShutdown, "greenai-shutdown-" + config.runId())
                : null;
    }

    /** A builder that reads unset values from {@code greenai.*} system properties and {@code GREENAI_*} variables. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id of this run (also the report's file name). */
    public String runId() {
        return config.runId();
    }

    /** The project name. */
    public String project() {
        return config.project();
    }

    /** The channels being accounted, including unavailable ones, in report order. */
    public List<Channel> channels() {
        List<Channel> out = new ArrayList<>(channelIds.length);
        for (int i = 0; i < channelIds.length; i++) {
            out.add(sampler.spec(i).channel());
        }
        return Collections.unmodifiableList(out);
    }

    /** The carbon-intensity source in use. */
    public CarbonIntensity carbonIntensity() {
        return config.carbon();
    }

    /** Live totals as of the last sample. Cheap; allocates one immutable snapshot. */
    public Snapshot snapshot() {
        return sampler.snapshot();
    }

    /**
     * Takes a reading of every probe now, on the calling thread, and returns the totals. Use it to mark an
     * exact instant without opening a window.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Snapshot sample() {
        requireOpen("sample()");
        sampler.readNow();
        return sampler.snapshot();
    }

    /** Registers a listener called after every sample. */
    public void addListener(TrackerListener listener) {
        sampler.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(TrackerListener listener) {
        sampler.removeListener(listener);
    }

    /**
     * Opens a window: a reading is taken now (after the boundary hook, if any) and again when the window
     * closes. Use it in try-with-resources.
     *
     * @param name a label such as {@code epoch-3}; windows of the same name are aggregated in the report
     * @throws IllegalArgumentException if the name is null, blank or longer than 200 characters
     * @throws IllegalStateException    after {@link #close()}
     */
    public Window window(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("window name must be 1 to 200 characters, but was '" + name + "'");
        }
        requireOpen("window('" + name + "')");
        runBoundaryHook();
        sampler.readNow();
        double[] energy = new double[channelIds.length];
        double[] co2e = new double[channelIds.length];
        sampler.copyTotals(energy, co2e);
        for (int i = 0; i < energy.length; i++) {
            // A channel not measured yet counts from its first valid reading, as in the run's totals.
            energy[i] = Double.isNaN(energy[i]) ? 0 : energy[i];
            co2e[i] = Double.isNaN(co2e[i]) ? 0 : co2e[i];
        }
        Window window = new Window(this, name, clock.nanoTime(), energy, co2e);
        synchronized (windowLock) {
            if (finalEnergyJoules != null) {
                throw new IllegalStateException("window('" + name + "') called after close() of tracker "
                        + config.runId());
            }
            openWindows.add(window);
        }
        return window;
    }

    /**
     * Records a quality metric (accuracy, loss, ...) with the energy and CO2e spent so far (as of the last
     * sample), for energy-versus-quality curves.
     *
     * @throws IllegalArgumentException if the name is blank or the value is not finite
     */
    public void recordMetric(String name, double value) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("metric name must be 1 to 200 characters, but was '" + name + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "' value must be finite, but was " + value);
        }
        Snapshot s = sampler.snapshot();
        if (!metrics.record(name, new EnergyReport.MetricPoint(s.elapsedNanos() / 1e9, s.energyJoules(),
                s.co2eGrams(), value))) {
            LOG.warn("GreenAI: more than {} metric names; '{}' is not recorded", MetricLog.MAX_NAMES, name);
        }
    }

    /**
     * Projects the whole run by scaling everything measured since the tracker started: total =
     * {@code measured so far × totalEpochs / completedEpochs}. Time and energy spent before the first epoch
     * (building the model, loading data) are therefore extrapolated too, which overestimates runs with a costly
     * setup; prefer {@link #forecast(List, int)}, which takes the epochs' own windows. Logged, kept in the report
     * (when made before {@link #close()}) and returned.
     *
     * @param completedEpochs epochs completed so far, at least 1
     * @param totalEpochs     epochs of the whole run, at least {@code completedEpochs}
     * @throws IllegalArgumentException if an argument is out of range, naming it and quoting its value
     */
    public EnergyReport.Forecast forecast(int completedEpochs, int totalEpochs) {
        if (completedEpochs < 1) {
            throw new IllegalArgumentException("completedEpochs must be >= 1, but was " + completedEpochs);
        }
        if (totalEpochs < completedEpochs) {
            throw new IllegalArgumentException("totalEpochs must be >= completedEpochs (" + completedEpochs
                    + "), but was " + totalEpochs);
        }
        Snapshot s = sampler.snapshot();
        double scale = (double) totalEpochs / completedEpochs;
        return keepForecast(new EnergyReport.Forecast(
                "linear extrapolation of the mean per-epoch energy, CO2e and time of the first "
                        + completedEpochs + " epoch(s)",
                completedEpochs, totalEpochs, s.energyJoules() * scale, s.co2eGrams() * scale,
                s.elapsedNanos() / 1e9 * scale));
    }

    /**
     * Projects the whole run from the windows of its completed epochs:
     * <pre>
     * total = measured so far + (totalEpochs − k) × mean of the epoch windows after the first
     * </pre>
     * for energy (J), CO2e (g) and duration (s) alike, k being {@code completedEpochWindows.size()}. "Measured
     * so far" is the tracker's total since it started, setup included, counted once: unlike
     * {@link #forecast(int, int)}, time spent before the first epoch window is not extrapolated. With two or
     * more windows the first one is left out of the mean: a first epoch pays the warm-up (JIT compilation,
     * caches, lazy initialisation) and costs several later epochs in practice; with one window, its cost is the
     * mean. The windows are the epochs completed so far, in order; an epoch cut short should not be among them.
     * The method string of the result reads, for example, "measured so far + 3 remaining epochs × mean of epoch
     * windows 2–2 (the first, warm-up epoch left out)".
     *
     * <p>Takes a reading now (on the calling thread) while the tracker is open, so "so far" means now; after
     * {@link #close()} it uses the final totals (and the forecast is then no longer part of the report).
     * Logged (one line), kept in the report and returned; it replaces an earlier forecast. Energy and CO2e are
     * NaN when no channel could be measured or estimated.
     *
     * @param completedEpochWindows closed windows of this tracker, one per completed epoch; at least one
     * @param totalEpochs           epochs of the whole run, at least {@code completedEpochWindows.size()}
     * @throws IllegalArgumentException if the list is empty, a window is still open or belongs to another
     *                                  tracker, or {@code totalEpochs} is smaller than the number of windows;
     *                                  the message names the parameter and quotes the value
     * @throws NullPointerException     if the list or one of its windows is null
     */
    public EnergyReport.Forecast forecast(List<Window> completedEpochWindows, int totalEpochs) {
        List<Window> epochs = List.copyOf(Objects.requireNonNull(completedEpochWindows, "completedEpochWindows"));
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("completedEpochWindows must hold at least one closed window, but was "
                    + "empty");
        }
        for (int i = 0; i < epochs.size(); i++) {
            Window w = epochs.get(i);
            if (!w.belongsTo(this)) {
                throw new IllegalArgumentException("completedEpochWindows[" + i + "] must be a window of tracker "
                        + config.runId() + ", but was '" + w.name() + "' of another tracker");
            }
            if (!w.isClosed()) {
                throw new IllegalArgumentException("completedEpochWindows[" + i + "] must be closed, but '"
                        + w.name() + "' is still open");
            }
        }
        int completed = epochs.size();
        if (totalEpochs < completed) {
            throw new IllegalArgumentException("totalEpochs must be >= the number of completedEpochWindows ("
                    + completed + "), but was " + totalEpochs);
        }
        int first = completed >= 2 ? 1 : 0;
        int basis = completed - first;
        double energySum = 0;
        double co2eSum = 0;
        double secondsSum = 0;
        for (Window w : epochs.subList(first, completed)) {
            energySum += w.energyJoules();
            co2eSum += w.co2eGrams();
            secondsSum += w.durationNanos() / 1e9;
        }
        if (!closed.get()) {
            sampler.readNow();
        }
        Snapshot s = sampler.snapshot();
        double[] finalEnergy = finalEnergyJoules;
        double spentSeconds = (finalEnergy != null ? finalNanos - sampler.startNanos() : s.elapsedNanos()) / 1e9;
        int remaining = totalEpochs - completed;
        String method = "measured so far + " + remaining + " remaining epoch" + (remaining == 1 ? "" : "s")
                + (first == 0 ? " × the first epoch window"
                : " × mean of epoch windows 2–" + completed + " (the first, warm-up epoch left out)");
        return keepForecast(new EnergyReport.Forecast(method, completed, totalEpochs,
                s.energyJoules() + remaining * (energySum / basis),
                s.co2eGrams() + remaining * (co2eSum / basis),
                spentSeconds + remaining * (secondsSum / basis)));
    }

    private EnergyReport.Forecast keepForecast(EnergyReport.Forecast f) {
        forecast = f;
        LOG.info(String.format(Locale.ROOT,
                "GreenAI forecast for %d epochs (%s): %.4g kWh, %.4g gCO2e, %.1f s",
                f.totalEpochs(), f.method(), f.energyJoules() / EnergyMath.JOULES_PER_KWH,
                f.co2eGrams(), f.durationSeconds()));
        return f;
    }

    /** Whether {@link #close()} has run (or the shutdown hook closed the tracker). */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * The final report.
     *
     * @throws IllegalStateException before {@link #close()}
     */
    public EnergyReport report() {
        EnergyReport r = finalReport;
        if (r == null) {
            throw new IllegalStateException("report() is available after close(); use snapshot() for live totals");
        }
        return r;
    }

    /** The report of the run so far, with status {@code interrupted} (what a checkpoint writes). */
    public EnergyReport currentReport() {
        return buildReport(EnergyReport.Status.INTERRUPTED);
    }

    /** Where the JSON report is written, or empty when reports are disabled. */
    public Optional<Path> reportFile() {
        return config.outputDirectory().map(dir -> dir.resolve(config.runId() + ".json"));
    }

    /**
     * Takes the final reading, stops sampling, closes the probes, writes the report ({@code <run-id>.json},
     * a row in {@code energy-ledger.csv} and {@code <run-id>.model-card.yaml} in the output directory) and logs
     * one summary line. Never throws for I/O: a report that cannot be written is logged, with the report itself,
     * and stays available from {@link #report()}. Idempotent: a call while another thread (or the shutdown hook)
     * is closing the tracker returns once that close has written the report.
     */
    @Override
    public void close() {
        if (closeAs(EnergyReport.Status.COMPLETED)) {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
        } else {
            awaitClose();
        }
    }

    /** The shutdown hook: closes as interrupted, or lets a close in progress finish before the JVM halts. */
    private void closeOnShutdown() {
        if (!closeAs(EnergyReport.Status.INTERRUPTED)) {
            awaitClose();
        }
    }

    /**
     * Waits for the close in progress on another thread, bounded: the longest a close may legitimately take
     * (final reading and stop, each up to the probe timeout, and the ledger lock) plus ten seconds.
     */
    private void awaitClose() {
        await(closeDone);
    }

    /** Waits, like {@link #awaitClose()}, until the close in progress has counted {@code latch} down. */
    private void await(CountDownLatch latch) {
        if (Thread.currentThread() == closingThread) {
            return; // called from within the close (a listener, a boundary hook)
        }
        long waitNanos = 2 * config.probeTimeout().toNanos() + ledgerLockTimeout.toNanos()
                + TimeUnit.SECONDS.toNanos(10);
        long deadline = System.nanoTime() + waitNanos;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        LOG.warn("GreenAI tracker {} is still being closed by thread {} after {} ms; not waiting longer",
                                config.runId(), closingThread, waitNanos / 1_000_000);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean closeAs(EnergyReport.Status status) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        closingThread = Thread.currentThread();
        try {
            finish(status);
        } finally {
            windowsEnded.countDown();
            closeDone.countDown();
        }
        return true;
    }

    private void finish(EnergyReport.Status status) {
        sampler.stop();
        runBoundaryHook();
        sampler.readNow();
        long endNanos = clock.nanoTime(); // the report ends at the final reading, not once the probes are closed
        long endWallMillis = clock.wallTimeMillis();
        sampler.closeProbes(); // from now on no reading is applied: the totals are final
        double[] energy = new double[channelIds.length];
        double[] co2e = new double[channelIds.length];
        sampler.copyTotals(energy, co2e);
        endOpenWindows(energy, co2e, endNanos);
        EnergyReport report = buildReport(status, endNanos, endWallMillis, config.hardware());
        finalReport = report;
        String where;
        synchronized (reportWriteLock) {
            where = writeReport(report);
        }
        checkpointWriter.shutdown(); // a checkpoint still queued finds the tracker closed and writes nothing
        LOG.info(secrets.apply(summary(report, where)));
    }

    /**
     * Publishes the final totals and ends the windows still open at the final reading, so that they are in the
     * report (counted as {@code endedAtClose}).
     */
    private void endOpenWindows(double[] energy, double[] co2e, long endNanos) {
        int ended;
        synchronized (windowLock) {
            finalNanos = endNanos;
            finalCo2eGrams = co2e;
            finalEnergyJoules = energy; // last: a reader that sees it sees the two above
            for (Window w : openWindows) {
                w.end(aggregate(w, w.startNanos(), w.startEnergyJoules(), w.startCo2eGrams(), w.units(), energy, co2e,
                        endNanos, true));
            }
            ended = openWindows.size();
            openWindows.clear();
        }
        windowsEnded.countDown();
        if (ended > 0) {
            LOG.info("GreenAI: {} window(s) still open at close() of tracker {} end at its final reading "
                    + "(endedAtClose in the report)", ended, config.runId());
        }
    }

    private void requireOpen(String call) {
        if (closed.get()) {
            throw new IllegalStateException(call + " called after close() of tracker " + config.runId());
        }
    }

    private void runBoundaryHook() {
        if (boundaryHook != null) {
            try {
                boundaryHook.run();
            } catch (RuntimeException e) {
                LOG.warn("GreenAI boundary hook threw {}; the reading is taken anyway", secrets.apply(e.toString()));
            }
        }
    }

    long nanoTime() {
        return clock.nanoTime();
    }

    /** For tests: the lock held while a report or checkpoint file is written (holding it stalls those writes). */
    Object reportWriteLock() {
        return reportWriteLock;
    }

    /** The sampler, for tests that drive background ticks by hand ({@link Sampler#tick()}). */
    Sampler sampler() {
        return sampler;
    }

    double energySince(double[] startJoules) {
        double[] now = new double[channelIds.length];
        double[] ignored = new double[channelIds.length];
        totals(now, ignored);
        return sumDelta(now, startJoules);
    }

    double co2eSince(double[] startGrams) {
        double[] ignored = new double[channelIds.length];
        double[] now = new double[channelIds.length];
        totals(ignored, now);
        return sumDelta(now, startGrams);
    }

    /** Copies the totals: the final ones once the tracker took its final reading (then returns true). */
    private boolean totals(double[] energy, double[] co2e) {
        double[] fe = finalEnergyJoules;
        if (fe != null) {
            System.arraycopy(fe, 0, energy, 0, fe.length);
            System.arraycopy(finalCo2eGrams, 0, co2e, 0, fe.length);
            return true;
        }
        sampler.copyTotals(energy, co2e);
        return false;
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

    record WindowResult(double energyJoules, double co2eGrams, long durationNanos) {
    }

    /**
     * Takes the closing reading of a window and adds it to the aggregates. Null when the tracker is closing or
     * closed: its close() ends the window at the final reading instead; this waits for that (bounded, and not on
     * the closing thread itself), so the window is closed when {@link Window#close()} returns.
     */
    WindowResult closeWindow(Window window, long startNanos, double[] startEnergy, double[] startCo2e, long units) {
        if (!closed.get()) {
            runBoundaryHook();
            sampler.readNow();
            synchronized (windowLock) {
                if (!closed.get() && openWindows.remove(window)) {
                    double[] energy = new double[channelIds.length];
                    double[] co2e = new double[channelIds.length];
                    sampler.copyTotals(energy, co2e);
                    return aggregate(window, startNanos, startEnergy, startCo2e, units, energy, co2e,
                            clock.nanoTime(), false);
                }
            }
        }
        await(windowsEnded);
        return null;
    }

    /** Drops a window that is not to be reported (an epoch in which nothing was trained). */
    void discardWindow(Window window) {
        synchronized (windowLock) {
            openWindows.remove(window);
        }
    }

    /** Adds a window ending at {@code endNanos} with the totals {@code energy} and {@code co2e} to the aggregates. */
    private WindowResult aggregate(Window window, long startNanos, double[] startEnergy, double[] startCo2e,
                                   long units, double[] energy, double[] co2e, long endNanos, boolean endedAtClose) {
        long durationNanos = endNanos - startNanos;
        double totalEnergy = sumDelta(energy, startEnergy);
        double totalCo2e = sumDelta(co2e, startCo2e);
        double[] channelJoules = new double[energy.length];
        for (int i = 0; i < energy.length; i++) {
            channelJoules[i] = available[i] ? energy[i] - startEnergy[i] : 0; // NaN: no valid reading by the end
        }
        windows.add(window.name(), durationNanos, channelJoules, totalEnergy, totalCo2e, units, endedAtClose);
        return new WindowResult(totalEnergy, totalCo2e, durationNanos);
    }

    /** The report of the run so far, ending now. */
    private EnergyReport buildReport(EnergyReport.Status status) {
        return buildReport(status, clock.nanoTime(), clock.wallTimeMillis(), config.hardware());
    }

    /** The report of the run up to {@code endNanos} (monotonic) / {@code endWallMillis} (wall clock). */
    private EnergyReport buildReport(EnergyReport.Status status, long endNanos, long endWallMillis,
                                     Map<String, String> hardware) {
        Snapshot s = sampler.snapshot();
        Sampler.Overhead o = sampler.overhead();
        long[][] anomalies = sampler.withAccounts(a -> {
            long[][] out = new long[3][a.size()];
            for (int i = 0; i < a.size(); i++) {
                out[0][i] = a.counterResets(i);
                out[1][i] = a.rejectedSteps(i);
                out[2][i] = a.ambiguousWraps(i);
            }
            return out;
        });
        List<EnergyReport.ChannelReport> channels = new ArrayList<>();
        for (int i = 0; i < s.channels().size(); i++) {
            ChannelSnapshot c = s.channels().get(i);
            Channel ch = c.channel();
            channels.add(new EnergyReport.ChannelReport(secrets.apply(ch.id()), ch.component().id(),
                    secrets.apply(ch.name()), ch.provenance().id(), c.energyJoules(), c.co2eGrams(),
                    c.meanPowerWatts(), c.peakPowerWatts(), c.samples(), c.failedSamples(),
                    secrets.apply(ch.detail()), secrets.apply(c.lostReason()), anomalies[0][i], anomalies[1][i],
                    anomalies[2][i]));
        }
        IntensityLookup carbon = sampler.intensity();
        double intensityNow = Double.isNaN(s.carbonIntensityGramsPerKwh())
                ? carbon.gramsPerKwh(endWallMillis) : s.carbonIntensityGramsPerKwh();
        EnergyReport.CarbonIntensityInfo ci = new EnergyReport.CarbonIntensityInfo(intensityNow, carbon.describe(),
                carbon.location(), carbon.isDefault());
        EnergyReport.Cost cost = config.electricityPricePerKwh().isPresent()
                ? new EnergyReport.Cost(config.electricityPricePerKwh().getAsDouble(), config.currency(),
                s.energyKwh() * config.pue() * config.electricityPricePerKwh().getAsDouble())
                : null;
        EnergyReport.Overhead overhead = new EnergyReport.Overhead(
                o.samplerCpuNanos() < 0 ? Double.NaN : o.samplerCpuNanos() / 1e9, o.ticks(), o.lateTicks(),
                o.boundaryReads(), o.boundaryReadNanos() / 1e9, o.samples(), o.failedSamples(), o.probeErrors(),
                o.probeTimeouts(), o.intensityErrors());
        return new EnergyReport(EnergyReport.SCHEMA_VERSION, config.runId(), config.project(), status,
                Instant.ofEpochMilli(startWallMillis), Instant.ofEpochMilli(endWallMillis),
                (endNanos - sampler.startNanos()) / 1e9,
                s.energyJoules(), s.co2eGrams(), ci, config.pue(), cost, channels, windows.reports(available),
                metrics.series(), forecast, hardware, overhead);
    }

    /** Writes the report files; returns where, or why not. Never throws. */
    private String writeReport(EnergyReport report) {
        Optional<Path> dir = config.outputDirectory();
        if (dir.isEmpty()) {
            return "reports disabled";
        }
        Path json = dir.get().resolve(config.runId() + ".json");
        try {
            Reports.writeJson(report, json);
            Reports.writeAtomically(dir.get().resolve(config.runId() + ".model-card.yaml"),
                    Reports.toModelCardYaml(report));
        } catch (IOException | RuntimeException e) {
            LOG.error("GreenAI could not write the report to {} ({}); the report follows in the log:\n{}",
                    json, describe(e), Reports.toJson(report));
            return "report NOT written (" + describe(e) + ")";
        }
        Path ledger = dir.get().resolve("energy-ledger.csv");
        String reportName = json.getFileName().toString();
        try {
            Reports.appendToLedger(report, ledger, reportName, ledgerLockTimeout);
        } catch (IOException | RuntimeException e) {
            LOG.error("GreenAI could not append to the ledger {} ({}); the row follows, to append by hand:\n{}",
                    ledger, describe(e), Reports.ledgerRow(report, reportName));
        }
        return "report " + json;
    }

    /**
     * Writes the running totals as {@code <run-id>.json} with status {@code interrupted}, now, on the calling thread.
     * A failure is logged once, until a checkpoint succeeds again. Never overwrites the final report.
     */
    void checkpoint() {
        EnergyReport checkpoint = checkpointReport();
        if (checkpoint != null) {
            writeCheckpoint(checkpoint);
        }
    }

    /**
     * The sampler's checkpoint, every checkpoint interval: the report is built on the sampler thread (the totals of
     * this instant) and written by the checkpoint writer thread, so a slow or stalled disk never holds up sampling.
     * While the previous checkpoint is still being written, this one is dropped (the next one has newer totals).
     */
    private void checkpointInBackground() {
        if (!checkpointWriting.compareAndSet(false, true)) {
            LOG.debug("GreenAI checkpoint skipped: the previous one is still being written");
            return;
        }
        boolean handedOver = false;
        try {
            EnergyReport checkpoint = checkpointReport();
            if (checkpoint != null) {
                checkpointWriter.execute(() -> {
                    try {
                        writeCheckpoint(checkpoint);
                    } finally {
                        checkpointWriting.set(false);
                    }
                });
                handedOver = true;
            }
        } catch (RejectedExecutionException closedMeanwhile) {
            // the tracker closed: its final report replaces any checkpoint
        } finally {
            if (!handedOver) {
                checkpointWriting.set(false);
            }
        }
    }

    /** The report of the run so far, without the hardware description (added where it is written); null if none. */
    private EnergyReport checkpointReport() {
        if (config.outputDirectory().isEmpty() || closed.get()) {
            return null;
        }
        return buildReport(EnergyReport.Status.INTERRUPTED, clock.nanoTime(), clock.wallTimeMillis(), Map.of());
    }

    /**
     * Adds the hardware description (computed once, with OSHI: never on the sampler thread) and writes the
     * checkpoint, unless the final report is being or has been written.
     */
    private void writeCheckpoint(EnergyReport checkpoint) {
        Path json = config.outputDirectory().orElseThrow().resolve(config.runId() + ".json");
        EnergyReport withHardware = withHardware(checkpoint, config.hardware());
        synchronized (reportWriteLock) {
            if (closed.get()) {
                return; // the final report is being (or has been) written
            }
            try {
                Reports.writeJson(withHardware, json);
                if (checkpointFailing) {
                    checkpointFailing = false;
                    LOG.info("GreenAI checkpoints to {} work again", json);
                }
            } catch (IOException | RuntimeException e) {
                if (!checkpointFailing) {
                    checkpointFailing = true;
                    LOG.warn("GreenAI checkpoint to {} failed: {}; sampling goes on, the totals stay in memory, and "
                            + "further failures are not logged until a checkpoint succeeds", json, describe(e));
                } else {
                    LOG.debug("GreenAI checkpoint to {} failed again: {}", json, e.toString());
                }
            }
        }
    }

    private static EnergyReport withHardware(EnergyReport r, Map<String, String> hardware) {
        return new EnergyReport(r.schemaVersion(), r.runId(), r.project(), r.status(), r.startTime(), r.endTime(),
                r.durationSeconds(), r.energyJoules(), r.co2eGrams(), r.carbonIntensity(), r.pue(), r.cost(),
                r.channels(), r.windows(), r.metrics(), r.forecast(), hardware, r.overhead());
    }

    /** Why a file could not be written, in words where the exception alone would be cryptic. */
    private static String describe(Exception e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is in the way: it exists and is not a directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such file or directory: " + f.getFile();
        }
        return e.toString();
    }

    private static String summary(EnergyReport r, String where) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "GreenAI run %s (%s) %s: %.6f kWh, %.3f gCO2e (%s, %.1f gCO2e/kWh%s, PUE %.2f) in %.1f s;",
                r.runId(), r.project(), r.status().id(), r.energyKwh(), r.co2eGrams(),
                r.carbonIntensity().location(), r.carbonIntensity().gramsPerKwh(),
                r.carbonIntensity().isDefault() ? " world average: set GREENAI_COUNTRY" : "", r.pue(),
                r.durationSeconds()));
        for (EnergyReport.ChannelReport c : r.channels()) {
            if (!"unavailable".equals(c.provenance())) {
                s.append(String.format(Locale.ROOT, " %s %.1f W (%s)", c.id(), c.meanPowerWatts(), c.provenance()));
            }
        }
        return s.append("; ").append(where).toString();
    }

    /**
     * Configures and starts an {@link EnergyTracker}. Values given here win over {@code greenai.*} system
     * properties, which win over {@code GREENAI_*} environment variables, which win over the defaults. Every
     * setter validates at once and throws {@link IllegalArgumentException} naming the parameter and the value;
     * property and variable values are validated in {@link #start()}.
     *
     * <p>Not thread-safe; each {@code start()} makes an independent tracker.
     */
    public static final class Builder {
        private final TrackerConfig.Values values = new TrackerConfig.Values();
        private final List<ProbeProvider> addedProviders = new ArrayList<>();
        private final List<TrackerListener> listeners = new ArrayList<>();
        private boolean discoverProviders = true;
        private boolean backgroundSampling = true;
        private boolean shutdownHook = true;
        private TrackerClock clock = TrackerClock.system();
        private Map<String, String> environment;
        private Properties systemProperties;
        private Runnable boundaryHook;
        private Duration ledgerLockTimeout = Reports.DEFAULT_LEDGER_LOCK_TIMEOUT;

        Builder() {
        }

        /** Project name, in reports and metrics. Default {@code default}. Env {@code GREENAI_PROJECT}. */
        public Builder project(String project) {
            values.project = Settings.project("project", project);
            return this;
        }

        /** Run id (file names): letters, digits, '.', '_', '-'. Default: UTC start time plus a random suffix. */
        public Builder runId(String runId) {
            values.runId = Settings.runId("runId", runId);
            return this;
        }

        /**
         * Location by country for the carbon intensity: ISO-2 ({@code FR}), ISO-3 ({@code FRA}) or English name.
         * Env {@code GREENAI_COUNTRY}.
         *
         * @throws IllegalArgumentException for an unknown country, listing the closest matches
         */
        public Builder country(String country) {
            values.carbon = TrackerConfig.country("country", country);
            return this;
        }

        /** Location by cloud region, e.g. {@code ("aws", "eu-west-3")}; sets the region's PUE where published. */
        public Builder cloudRegion(String provider, String region) {
            values.carbon = TrackerConfig.cloudRegion("cloudRegion", provider + ":" + region);
            return this;
        }

        /** Location by cloud region as {@code provider:region}. Env {@code GREENAI_CLOUD_REGION}. */
        public Builder cloudRegion(String providerAndRegion) {
            values.carbon = TrackerConfig.cloudRegion("cloudRegion", providerAndRegion);
            return this;
        }

        /** A fixed carbon intensity in gCO2e/kWh (e.g. from your supplier). Env {@code GREENAI_CARBON_INTENSITY}. */
        public Builder carbonIntensity(double gramsPerKwh) {
            values.carbon = TrackerConfig.fixed("carbonIntensity", gramsPerKwh);
            return this;
        }

        /** Any carbon-intensity source, such as a time series. */
        public Builder carbonIntensity(CarbonIntensity source) {
            values.carbon = Objects.requireNonNull(source, "carbonIntensity");
            return this;
        }

        /**
         * Power usage effectiveness of the data centre, >= 1. Default: the cloud region's published PUE, else
         * 1.0. Env {@code GREENAI_PUE}.
         */
        public Builder pue(double pue) {
            values.pue = Settings.pue("pue", pue);
            return this;
        }

        /** Electricity price per kWh and its ISO 4217 currency, for a cost in the report. */
        public Builder electricityPrice(double pricePerKwh, String currency) {
            values.pricePerKwh = Settings.nonNegative("electricityPrice", pricePerKwh, "per kWh");
            values.currency = Settings.currency("currency", Objects.requireNonNullElse(currency, ""));
            return this;
        }

        /** Sampling interval, 1 ms to 1 h. Default 1 s. Env {@code GREENAI_SAMPLING_INTERVAL} ({@code 500ms}, {@code 1s}). */
        public Builder samplingInterval(Duration interval) {
            values.samplingInterval = Settings.samplingInterval("samplingInterval", interval);
            return this;
        }

        /** How long one probe read may block before its sample is dropped, 1 ms to 10 min. Default 2 s. */
        public Builder probeTimeout(Duration timeout) {
            values.probeTimeout = Settings.probeTimeout("probeTimeout", timeout);
            return this;
        }

        /** How often running totals are checkpointed to disk, 1 s to 1 day. Default 30 s. */
        public Builder checkpointInterval(Duration interval) {
            values.checkpointInterval = Settings.checkpointInterval("checkpointInterval", interval);
            return this;
        }

        /** Directory for reports, ledger and checkpoints. Default {@code energy}. Env {@code GREENAI_OUTPUT_DIR}. */
        public Builder outputDirectory(Path directory) {
            values.outputDirectory = Settings.parsePath("outputDirectory", directory == null ? null : directory.toString());
            values.writeReports = true;
            return this;
        }

        /** Whether to write report files at all. Default true. */
        public Builder writeReports(boolean write) {
            values.writeReports = write;
            return this;
        }

        /** Root of the powercap sysfs tree. Default {@code /sys/class/powercap}. Env {@code GREENAI_POWERCAP_ROOT}. */
        public Builder powercapRoot(Path root) {
            values.powercapRoot = Settings.parsePath("powercapRoot", root == null ? null : root.toString());
            return this;
        }

        /**
         * Estimate scope: {@code false} (default) estimates the whole machine; {@code true} scales CPU and RAM
         * estimates to this JVM's share. Env {@code GREENAI_SCOPE=machine|process}.
         */
        public Builder processScope(boolean processScope) {
            values.processScope = processScope;
            return this;
        }

        /** Overrides the estimate's whole-machine CPU power at full load, in watts. Env {@code GREENAI_CPU_WATTS}. */
        public Builder cpuFullLoadWatts(double watts) {
            values.cpuFullLoadWatts = Settings.positive("cpuFullLoadWatts", watts, "W");
            return this;
        }

        /** Overrides the estimate's RAM power, in watts. Env {@code GREENAI_RAM_WATTS}. */
        public Builder ramWatts(double watts) {
            values.ramWatts = Settings.positive("ramWatts", watts, "W");
            return this;
        }

        /** GPUs to measure, as NVML indices or UUIDs. Default: all visible ({@code CUDA_VISIBLE_DEVICES}). Env {@code GREENAI_GPUS}. */
        public Builder gpus(String... ids) {
            if (ids == null || ids.length == 0) {
                throw new IllegalArgumentException("gpus must name at least one GPU, but was " + Arrays.toString(ids));
            }
            for (String id : ids) {
                if (id == null || id.isBlank() || id.contains(",")) {
                    throw new IllegalArgumentException("gpus entries must be GPU indices or UUIDs, but one was '"
                            + id + "'");
                }
            }
            values.settings.put("gpus", String.join(",", ids).trim());
            return this;
        }

        /**
         * Channels to leave out: exact ids ({@code gpu:1}), component names ({@code ram}) or prefixes ending in
         * {@code *} ({@code dram:*}). Env {@code GREENAI_EXCLUDE} (comma-separated).
         */
        public Builder excludeChannels(String... patterns) {
            values.exclude = TrackerConfig.excludePatterns("excludeChannels",
                    patterns == null ? null : Arrays.asList(patterns)); // null entries are reported, not an NPE
            return this;
        }

        /** A provider-specific setting, such as {@code nvml.library}; overrides {@code greenai.<name>} and {@code GREENAI_<NAME>}. */
        public Builder setting(String name, String value) {
            if (name == null || !name.matches("[a-z][a-z0-9.]*")) {
                throw new IllegalArgumentException("setting name must be lower-case words separated by dots, "
                        + "but was '" + name + "'");
            }
            values.settings.put(name, Objects.requireNonNull(value, "value of setting " + name));
            return this;
        }

        /** Adds a probe provider, in addition to those found through {@link ServiceLoader}. */
        public Builder probe(ProbeProvider provider) {
            addedProviders.add(Objects.requireNonNull(provider, "probe"));
            return this;
        }

        /** Whether to use providers found through {@link ServiceLoader}. Default true. */
        public Builder discoverProbes(boolean discover) {
            this.discoverProviders = discover;
            return this;
        }

        /** Registers a listener called after every sample. */
        public Builder listener(TrackerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * A hook run on the calling thread before every boundary reading (window open and close, close()), e.g.
         * to synchronise a GPU stream so that queued work is accounted to the right window.
         */
        public Builder beforeBoundary(Runnable hook) {
            this.boundaryHook = Objects.requireNonNull(hook, "beforeBoundary");
            return this;
        }

        /**
         * Whether a background thread samples at the sampling interval. Default true. With {@code false}, only
         * windows, {@link EnergyTracker#sample()} and {@code close()} take readings: for tests with a fake
         * clock and for callers that drive sampling from their own loop.
         */
        public Builder backgroundSampling(boolean background) {
            this.backgroundSampling = background;
            return this;
        }

        /** Whether a JVM shutdown hook closes the tracker (status {@code interrupted}). Default true. */
        public Builder shutdownHook(boolean install) {
            this.shutdownHook = install;
            return this;
        }

        /** The time source. Default {@link TrackerClock#system()}. */
        public Builder clock(TrackerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Reads {@code GREENAI_*} and other variables from this map instead of the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** Reads {@code greenai.*} properties from these instead of {@link System#getProperties()}. */
        public Builder systemProperties(Properties properties) {
            Properties copy = new Properties();
            copy.putAll(Objects.requireNonNull(properties, "systemProperties"));
            this.systemProperties = copy;
            return this;
        }

        /** For tests: how long close() waits for a ledger locked by another process. */
        Builder ledgerLockTimeout(Duration timeout) {
            this.ledgerLockTimeout = Objects.requireNonNull(timeout, "ledgerLockTimeout");
            return this;
        }

        /**
         * Resolves the configuration, opens the probes, takes the first reading and starts sampling.
         *
         * @throws IllegalArgumentException for an invalid property or variable, naming it and quoting its value;
         *                                  nothing is started then. Whatever else fails during start (a probe
         *                                  provider's programming error, the clock) propagates, and the probes
         *                                  opened until then are closed and no thread is left running
         */
        public EnergyTracker start() {
            Settings settings = new Settings(environment != null ? environment : System.getenv(),
                    systemProperties != null ? systemProperties : System.getProperties());
            long wallMillis = clock.wallTimeMillis();
            String generatedRunId = RUN_ID_TIME.format(Instant.ofEpochMilli(wallMillis)) + "-"
                    + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
            TrackerConfig config = TrackerConfig.resolve(values, settings, generatedRunId, wallMillis);
            Secrets secrets = Secrets.of(values.settings, settings);
            ProbeSet probes = openProbes(config, settings, secrets);
            Sampler sampler = null;
            EnergyTracker tracker = null;
            Thread hookAdded = null;
            try {
                sampler = new Sampler(config.runId(), probes.opened, clock, config.carbon(), config.pue(),
                        config.samplingInterval().toNanos(), config.probeTimeout().toNanos(),
                        config.outputDirectory().isPresent() ? config.checkpointInterval().toNanos() : 0,
                        null, "greenai-sampler-" + config.runId(), probes.unavailable);
                tracker = new EnergyTracker(config, sampler, boundaryHook, shutdownHook, secrets, ledgerLockTimeout);
                sampler.redactor(secrets);
                sampler.checkpointTask(tracker::checkpointInBackground);
                for (TrackerListener l : listeners) {
                    sampler.addListener(l);
                }
                sampler.readNow();
                if (backgroundSampling) {
                    sampler.start();
                }
                if (tracker.shutdownHook != null) {
                    Runtime.getRuntime().addShutdownHook(tracker.shutdownHook); // throws while the JVM shuts down
                    hookAdded = tracker.shutdownHook;
                }
                LOG.info(secrets.apply(startLine(tracker, config)));
                if (tracker.channels().stream().noneMatch(c -> c.provenance() != Provenance.UNAVAILABLE)) {
                    LOG.warn("GreenAI has no channel to measure or estimate: energy is reported as unknown. "
                            + "Keep the default probes (discoverProbes(true)) or add one with probe(...)");
                }
                return tracker;
            } catch (RuntimeException | Error e) {
                // Nothing stays half-started: no thread, no hook, no open probe.
                if (tracker != null) {
                    tracker.closed.set(true); // a hook that could not be removed finds it closed and returns
                    tracker.closeDone.countDown();
                }
                if (hookAdded != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hookAdded);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is already shutting down: the hook stays and finds the tracker closed
                    }
                }
                if (tracker != null) {
                    tracker.checkpointWriter.shutdown();
                }
                if (sampler != null) {
                    sampler.stop();
                    sampler.closeProbes();
                } else {
                    for (Sampler.OpenedProbe p : probes.opened) {
                        closeQuietly(p.providerName(), p.probe(), secrets);
                    }
                }
                throw e;
            }
        }

        private static String startLine(EnergyTracker tracker, TrackerConfig config) {
            StringBuilder s = new StringBuilder("GreenAI tracker started: run ").append(config.runId())
                    .append(", project ").append(config.project()).append(", channels:");
            for (Channel c : tracker.channels()) {
                s.append(' ').append(c.id()).append(" (").append(c.provenance().id()).append(')');
            }
            IntensityLookup carbon = tracker.sampler.intensity();
            s.append("; carbon intensity ").append(carbon.location()).append(" (").append(carbon.describe()).append(')');
            if (carbon.isDefault()) {
                s.append(" - no location configured, set GREENAI_COUNTRY or GREENAI_CLOUD_REGION");
            }
            return s.toString();
        }

        private record ProbeSet(List<Sampler.OpenedProbe> opened, List<ChannelSpec> unavailable) {
        }

        /**
         * Opens every provider. A configuration error of one ({@link IllegalArgumentException}) or an error that
         * is no {@link LinkageError} closes the probes opened before it and propagates: nothing stays half-started.
         */
        private ProbeSet openProbes(TrackerConfig config, Settings settings, Secrets secrets) {
            List<Sampler.OpenedProbe> opened = new ArrayList<>();
            try {
                return openProbes(config, settings, secrets, opened);
            } catch (RuntimeException | Error e) {
                for (Sampler.OpenedProbe p : opened) {
                    closeQuietly(p.providerName(), p.probe(), secrets);
                }
                throw e;
            }
        }

        private ProbeSet openProbes(TrackerConfig config, Settings settings, Secrets secrets,
                                    List<Sampler.OpenedProbe> opened) {
            List<ProbeProvider> providers = new ArrayList<>(addedProviders);
            if (discoverProviders) {
                providers.addAll(discover());
            }
            providers.sort(Comparator.comparingInt(EnergyTracker::priorityOf).reversed());
            Set<Component> measured = EnumSet.noneOf(Component.class);
            List<ChannelSpec> unavailable = new ArrayList<>();
            Map<String, Integer> seenIds = new LinkedHashMap<>();
            for (ProbeProvider provider : providers) {
                String name = secrets.apply(nameOf(provider));
                ProbeContext context = new Context(config, settings, EnumSet.copyOf(enumSetOrEmpty(measured)));
                Probe probe;
                try {
                    probe = provider.open(context);
                } catch (ProbeUnavailableException e) {
                    logUnavailable(name, e, secrets);
                    String detail = e.fix() == null ? e.reason() : e.reason() + ". Fix: " + e.fix();
                    unavailable.add(ChannelSpec.unavailable(uniqueId(name, seenIds), e.component(), name,
                            secrets.apply(String.valueOf(detail))));
                    continue;
                } catch (IllegalArgumentException e) {
                    // A configuration error the user must see (e.g. an unknown GPU id); never with a secret in it.
                    String message = secrets.apply(e.getMessage());
                    throw message == null || message.equals(e.getMessage()) ? e
                            : new IllegalArgumentException(message);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("GreenAI probe provider '{}' failed to open and is skipped: {}", name,
                            secrets.apply(e.toString()));
                    continue;
                }
                List<ChannelSpec> declared;
                try {
                    declared = List.copyOf(probe.channels());
                } catch (RuntimeException e) {
                    LOG.warn("GreenAI probe '{}' could not list its channels and is skipped: {}", name,
                            secrets.apply(e.toString()));
                    closeQuietly(name, probe, secrets);
                    continue;
                }
                boolean[] keep = new boolean[declared.size()];
                boolean any = false;
                for (int k = 0; k < declared.size(); k++) {
                    ChannelSpec spec = declared.get(k);
                    keep[k] = !config.excluded(spec.channel())
                            && !(spec.provenance() == Provenance.ESTIMATE && supersededBy(measured, spec.component()))
                            && !seenIds.containsKey(spec.id());
                    if (keep[k]) {
                        seenIds.put(spec.id(), 1);
                        any = true;
                    } else if (seenIds.containsKey(spec.id()) && !config.excluded(spec.channel())) {
                        LOG.warn("GreenAI channel id {} from probe '{}' is already taken; it is skipped",
                                secrets.apply(spec.id()), name);
                    }
                }
                if (!any) {
                    closeQuietly(name, probe, secrets);
                    continue;
                }
                for (int k = 0; k < declared.size(); k++) {
                    if (keep[k] && declared.get(k).provenance().isMeasured()) {
                        measured.add(declared.get(k).component());
                    }
                }
                opened.add(new Sampler.OpenedProbe(name, probe, declared, keep));
            }
            // A provider of lower priority may have added an estimate before a measured one: drop it now.
            List<Sampler.OpenedProbe> result = new ArrayList<>();
            for (Sampler.OpenedProbe p : opened) {
                boolean[] keep = p.keep().clone();
                boolean any = false;
                for (int k = 0; k < keep.length; k++) {
                    ChannelSpec spec = p.channels().get(k);
                    if (keep[k] && spec.provenance() == Provenance.ESTIMATE && supersededBy(measured, spec.component())) {
                        keep[k] = false;
                    }
                    any |= keep[k];
                }
                if (any) {
                    result.add(new Sampler.OpenedProbe(p.providerName(), p.probe(), p.channels(), keep));
                } else {
                    closeQuietly(p.providerName(), p.probe(), secrets);
                }
            }
            // An unavailable provider stays on record unless its component is measured anyway (an estimate
            // provider with nothing left to estimate is not a missing measurement).
            List<ChannelSpec> uncovered = new ArrayList<>();
            for (ChannelSpec u : unavailable) {
                if (!config.excluded(u.channel()) && !supersededBy(measured, u.component())) {
                    uncovered.add(u);
                }
            }
            return new ProbeSet(result, uncovered);
        }

        private static Set<Component> enumSetOrEmpty(Set<Component> s) {
            return s.isEmpty() ? EnumSet.noneOf(Component.class) : s;
        }

        private static boolean supersededBy(Set<Component> measured, Component estimated) {
            for (Component m : measured) {
                if (m.supersedes(estimated)) {
                    return true;
                }
            }
            return false;
        }

        private static String uniqueId(String base, Map<String, Integer> seen) {
            String id = base;
            int n = 2;
            while (seen.containsKey(id)) {
                id = base + "-" + n++;
            }
            seen.put(id, 1);
            return id;
        }

        private static void logUnavailable(String name, ProbeUnavailableException e, Secrets secrets) {
            if (e.fix() != null) {
                LOG.info("GreenAI probe '{}' unavailable: {}. Fix: {}", name, secrets.apply(e.reason()),
                        secrets.apply(e.fix()));
            } else {
                LOG.debug("GreenAI probe '{}' unavailable: {}", name, secrets.apply(e.reason()));
            }
        }

        private static void closeQuietly(String name, Probe probe, Secrets secrets) {
            try {
                probe.close();
            } catch (RuntimeException e) {
                LOG.debug("GreenAI probe '{}' failed to close: {}", name, secrets.apply(e.toString()));
            }
        }

        private static List<ProbeProvider> discover() {
            List<ProbeProvider> found = new ArrayList<>();
            java.util.Iterator<ProbeProvider> it = ServiceLoader.load(ProbeProvider.class,
                    EnergyTracker.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    LOG.debug("GreenAI skipped a probe provider that failed to load: {}", e.toString());
                }
            }
            return found;
        }
    }

    private static int priorityOf(ProbeProvider provider) {
        try {
            return provider.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static String nameOf(ProbeProvider provider) {
        try {
            String name = provider.name();
            return name == null || name.isBlank() ? provider.getClass().getSimpleName() : name;
        } catch (RuntimeException e) {
            return provider.getClass().getSimpleName();
        }
    }

    /** The context handed to providers. */
    private record Context(TrackerConfig config, Settings settings, Set<Component> measured) implements ProbeContext {
        @Override
        public Path powercapRoot() {
            return config.powercapRoot();
        }

        @Override
        public Set<Component> measuredComponents() {
            return Collections.unmodifiableSet(measured);
        }

        @Override
        public boolean processScope() {
            return config.processScope();
        }

        @Override
        public OptionalDouble cpuFullLoadWatts() {
            return config.cpuFullLoadWatts();
        }

        @Override
        public OptionalDouble ramWatts() {
            return config.ramWatts();
        }

        @Override
        public Optional<String> setting(String name) {
            return config.setting(name, settings);
        }

        @Override
        public Optional<String> environment(String name) {
            return settings.environment(name);
        }
    }
}
