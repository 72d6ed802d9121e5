package org.greenai.tracker.internal.run;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.greenai.tracker.Channel;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.TrackerListener;
import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.internal.accounting.Accounting;
import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.internal.config.Settings;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.internal.output.Output;
import org.greenai.tracker.internal.output.ReportAssembler;
import org.greenai.tracker.internal.output.ReportOutputs;
import org.greenai.tracker.internal.probes.OpenedProbe;
import org.greenai.tracker.internal.probes.ProbeSelection;
import org.greenai.tracker.internal.probes.SelectedProbes;
import org.greenai.tracker.internal.sampling.Listeners;
import org.greenai.tracker.internal.sampling.Sampler;
import org.greenai.tracker.internal.windows.Forecasts;
import org.greenai.tracker.internal.windows.MetricLog;
import org.greenai.tracker.internal.windows.WindowBook;
import org.greenai.tracker.internal.windows.WindowState;
import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tracked run: assembles the pipeline (configuration → probe selection → sampling → accounting → windows and
 * metrics → outputs), rolls it back when start fails, and owns the close protocol and the shutdown hook. The only
 * place where stages are wired together; the public {@code EnergyTracker} is a facade over it.
 */
public final class TrackerRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TrackerConfig config;
    private final Secrets secrets;
    private final RunOptions options;
    private final Accounting accounting;
    private final Listeners listeners;
    private final Sampler sampler;
    private final WindowBook windows;
    private final MetricLog metrics = new MetricLog();
    private final Forecasts forecasts = new Forecasts();
    private final ReportAssembler assembler;
    private final ReportOutputs outputs;
    private final List<Channel> channels;
    private final Thread shutdownHook;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down when the close that won {@link #closed} has written the report. */
    private final CountDownLatch closeDone = new CountDownLatch(1);
    private volatile Thread closingThread;
    private volatile EnergyReport finalReport;

    private TrackerRun(TrackerConfig config, Secrets secrets, RunOptions options, SelectedProbes probes) {
        this.config = config;
        this.secrets = secrets;
        this.options = options;
        this.accounting = new Accounting(config.runId(), probes.channels(), options.clock(), config.carbon(),
                config.pue(), secrets);
        this.listeners = new Listeners(options.listeners(), secrets);
        List<Output> registered = ReportOutputs.standard(config, secrets, options.ledgerLockTimeout());
        Sampler.Timing timing = new Sampler.Timing("greenai-sampler-" + config.runId(),
                config.samplingInterval().toNanos(), config.probeTimeout().toNanos(),
                ReportOutputs.takeCheckpoints(registered) ? config.checkpointInterval().toNanos() : 0);
        this.sampler = new Sampler(probes, accounting, timing, this::checkpoint, listeners, secrets);
        this.windows = new WindowBook(config.runId(), accounting, this::boundaryReading, closed::get, this::await);
        this.assembler = new ReportAssembler(config, accounting, sampler::overhead, windows, metrics, forecasts,
                secrets);
        this.outputs = new ReportOutputs(config.runId(), assembler, closed::get, secrets, registered);
        List<Channel> list = new ArrayList<>(accounting.channelCount());
        for (int i = 0; i < accounting.channelCount(); i++) {
            list.add(accounting.spec(i).channel());
        }
        this.channels = Collections.unmodifiableList(list);
        this.shutdownHook = options.shutdownHook()
                ? new Thread(this::closeOnShutdown, "greenai-shutdown-" + config.runId()) : null;
    }

    /**
     * Resolves the configuration, opens the probes, takes the first reading and starts sampling.
     *
     * @throws IllegalArgumentException for an invalid property or variable, naming it and quoting its value;
     *                                  nothing is started then. Whatever else fails propagates, and the probes
     *                                  opened until then are closed and no thread is left running
     */
    public static TrackerRun start(RunOptions options) {
        Settings settings = new Settings(options.environment() != null ? options.environment() : System.getenv(),
                options.systemProperties() != null ? options.systemProperties() : System.getProperties());
        long wallMillis = options.clock().wallTimeMillis();
        String generatedRunId = RUN_ID_TIME.format(Instant.ofEpochMilli(wallMillis)) + "-"
                + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        TrackerConfig config = TrackerConfig.resolve(options.values(), settings, generatedRunId, wallMillis);
        Secrets secrets = Secrets.of(options.values().settings, settings);
        SelectedProbes probes = ProbeSelection.open(config, settings, secrets, options.providers(),
                options.discoverProviders());
        TrackerRun run = null;
        boolean hookAdded = false;
        try {
            run = new TrackerRun(config, secrets, options, probes);
            run.sampler.readNow();
            if (options.backgroundSampling()) {
                run.sampler.start();
            }
            if (run.shutdownHook != null) {
                Runtime.getRuntime().addShutdownHook(run.shutdownHook); // throws while the JVM shuts down
                hookAdded = true;
            }
            run.outputs.logStart(config.runId(), config.project(), run.channels, run.accounting.intensity());
            if (run.channels.stream().noneMatch(c -> c.provenance() != Provenance.UNAVAILABLE)) {
                LOG.warn("GreenAI has no channel to measure or estimate: energy is reported as unknown. "
                        + "Keep the default probes (discoverProbes(true)) or add one with probe(...)");
            }
            return run;
        } catch (RuntimeException | Error e) {
            if (run != null) {
                run.rollBack(hookAdded);
            } else {
                for (OpenedProbe p : probes.opened()) {
                    ProbeSelection.closeQuietly(p.providerName(), p.probe(), secrets);
                }
            }
            throw e;
        }
    }

    /** Undoes a failed start: no thread, no hook, no open probe stays. */
    private void rollBack(boolean hookAdded) {
        closed.set(true); // a hook that could not be removed finds it closed and returns
        closeDone.countDown();
        windows.releaseWaiters();
        if (hookAdded) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook stays and finds the run closed
            }
        }
        outputs.abandon();
        sampler.stop();
        sampler.closeProbes();
    }

    public String runId() {
        return config.runId();
    }

    public String project() {
        return config.project();
    }

    public List<Channel> channels() {
        return channels;
    }

    public CarbonIntensity carbonIntensity() {
        return config.carbon();
    }

    public TrackerClock clock() {
        return accounting.clock();
    }

    public Snapshot snapshot() {
        return accounting.snapshot();
    }

    /** A boundary reading now, then the totals. */
    public Snapshot sample() {
        requireOpen("sample()");
        sampler.readNow();
        return accounting.snapshot();
    }

    /** One background-style tick on the calling thread. */
    public void tick() {
        requireOpen("tick()");
        sampler.tick();
    }

    public void addListener(TrackerListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TrackerListener listener) {
        listeners.remove(listener);
    }

    public WindowBook windows() {
        return windows;
    }

    /** Opens a window at a boundary reading; the name is validated by the caller. */
    public WindowState openWindow(String name) {
        requireOpen("window('" + name + "')");
        return windows.open(name);
    }

    /** Records a metric point with the totals as of the last sample (name and value validated by the caller). */
    public void recordMetric(String name, double value) {
        Snapshot s = accounting.snapshot();
        if (!metrics.record(name, new EnergyReport.MetricPoint(s.elapsedNanos() / 1e9, s.energyJoules(),
                s.co2eGrams(), value))) {
            LOG.warn("GreenAI: more than {} metric names; '{}' is not recorded", MetricLog.MAX_NAMES, name);
        }
    }

    public Forecasts forecasts() {
        return forecasts;
    }

    /**
     * What a forecast counts as "measured so far": a reading is taken now while the run is open; after close, the
     * final totals, and the duration up to the final reading.
     */
    public SoFar soFar() {
        if (!closed.get()) {
            sampler.readNow();
        }
        Snapshot s = accounting.snapshot();
        return new SoFar(s, (windows.ended() ? windows.finalNanos() - accounting.startNanos() : s.elapsedNanos()) / 1e9);
    }

    /** The totals and the run's duration so far, for a forecast. */
    public record SoFar(Snapshot totals, double spentSeconds) {
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** The final report, or null before close() has built it. */
    public EnergyReport finalReport() {
        return finalReport;
    }

    /** The report of the run so far, ending now. */
    public EnergyReport currentReport(EnergyReport.Status status) {
        return assembler.build(status);
    }

    /** The tracker's own cost so far (the final figures once closed). Cheap: no report is built. */
    public EnergyReport.Overhead overhead() {
        EnergyReport r = finalReport;
        return r != null ? r.overhead() : assembler.overhead();
    }

    public Optional<Path> reportFile() {
        return config.outputDirectory().map(dir -> dir.resolve(config.runId() + ".json"));
    }

    /** For tests: a checkpoint now, on the calling thread. */
    public void checkpointNow() {
        outputs.checkpointNow();
    }

    /** For tests: the lock held while a report or checkpoint is written. */
    public Object writeLock() {
        return outputs.writeLock();
    }

    /** Closes as completed; a call while another thread is closing returns once that close wrote the report. */
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
            await(closeDone);
        }
    }

    /** The shutdown hook: closes as interrupted, or lets a close in progress finish before the JVM halts. */
    private void closeOnShutdown() {
        if (!closeAs(EnergyReport.Status.INTERRUPTED)) {
            await(closeDone);
        }
    }

    /**
     * Waits until the close in progress on another thread has counted {@code latch} down, bounded: the longest a
     * close may legitimately take (final reading and stop, each up to the probe timeout, and the ledger lock)
     * plus ten seconds. Returns at once on the closing thread itself (a listener, a boundary hook).
     */
    private void await(CountDownLatch latch) {
        if (Thread.currentThread() == closingThread) {
            return;
        }
        long waitNanos = 2 * config.probeTimeout().toNanos() + options.ledgerLockTimeout().toNanos()
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
            windows.releaseWaiters();
            closeDone.countDown();
        }
        return true;
    }

    private void finish(EnergyReport.Status status) {
        sampler.stop();
        boundaryReading();
        long endNanos = accounting.clock().nanoTime(); // the report ends at the final reading, not at probe close
        long endWallMillis = accounting.clock().wallTimeMillis();
        sampler.closeProbes(); // from now on no reading is applied: the totals are final
        double[] energy = new double[accounting.channelCount()];
        double[] co2e = new double[accounting.channelCount()];
        accounting.copyTotals(energy, co2e);
        windows.endOpenWindows(energy, co2e, endNanos);
        EnergyReport report = assembler.build(status, endNanos, endWallMillis, assembler.hardware());
        finalReport = report;
        outputs.finish(report);
    }

    private void requireOpen(String call) {
        if (closed.get()) {
            throw new IllegalStateException(call + " called after close() of tracker " + config.runId());
        }
    }

    /** The sampler's periodic task: a checkpoint to the outputs that take them (none when reports are disabled). */
    private void checkpoint() {
        outputs.checkpointInBackground();
    }

    /** The boundary hook (if any), then a reading of every probe on the calling thread. */
    private void boundaryReading() {
        Runnable hook = options.boundaryHook();
        if (hook != null) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("GreenAI boundary hook threw {}; the reading is taken anyway", secrets.apply(e.toString()));
            }
        }
        sampler.readNow();
    }
}
