package org.greenai.tracker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.internal.config.Settings;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.internal.run.RunOptions;
import org.greenai.tracker.internal.run.TrackerRun;
import org.greenai.tracker.report.EnergyReport;
import org.greenai.tracker.report.Reports;
import org.greenai.tracker.spi.ProbeProvider;

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
    private final TrackerRun run;

    private EnergyTracker(TrackerRun run) {
        this.run = run;
    }

    /** A builder that reads unset values from {@code greenai.*} system properties and {@code GREENAI_*} variables. */
    public static Builder builder() {
        return new Builder();
    }

    /** The id of this run (also the report's file name). */
    public String runId() {
        return run.runId();
    }

    /** The project name. */
    public String project() {
        return run.project();
    }

    /** The channels being accounted, including unavailable ones, in report order. */
    public List<Channel> channels() {
        return run.channels();
    }

    /** The carbon-intensity source in use. */
    public CarbonIntensity carbonIntensity() {
        return run.carbonIntensity();
    }

    /** Live totals as of the last sample. Cheap; allocates one immutable snapshot. */
    public Snapshot snapshot() {
        return run.snapshot();
    }

    /**
     * Takes a reading of every probe now, on the calling thread, and returns the totals. Use it to mark an
     * exact instant without opening a window.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Snapshot sample() {
        return run.sample();
    }

    /**
     * Reads every probe once on the calling thread, as the background sampler does at each interval (a probe
     * being read by another thread is skipped, not waited for), and notifies the listeners. Returns nothing, so
     * that a steady-state call allocates nothing: for callers that drive sampling from their own loop
     * ({@link Builder#backgroundSampling(boolean) backgroundSampling(false)}) and for benchmarks.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void tick() {
        run.tick();
    }

    /** Registers a listener called after every sample. */
    public void addListener(TrackerListener listener) {
        run.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(TrackerListener listener) {
        run.removeListener(listener);
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
        return new Window(this, run.windows(), run.openWindow(name));
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
        run.recordMetric(name, value);
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
        return run.forecasts().linear(run.snapshot(), completedEpochs, totalEpochs);
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
        int completed = epochs.size();
        double[] energy = new double[completed];
        double[] co2e = new double[completed];
        long[] durations = new long[completed];
        for (int i = 0; i < completed; i++) {
            Window w = epochs.get(i);
            if (!w.belongsTo(this)) {
                throw new IllegalArgumentException("completedEpochWindows[" + i + "] must be a window of tracker "
                        + run.runId() + ", but was '" + w.name() + "' of another tracker");
            }
            if (!w.isClosed()) {
                throw new IllegalArgumentException("completedEpochWindows[" + i + "] must be closed, but '"
                        + w.name() + "' is still open");
            }
            energy[i] = w.energyJoules();
            co2e[i] = w.co2eGrams();
            durations[i] = w.durationNanos();
        }
        if (totalEpochs < completed) {
            throw new IllegalArgumentException("totalEpochs must be >= the number of completedEpochWindows ("
                    + completed + "), but was " + totalEpochs);
        }
        TrackerRun.SoFar soFar = run.soFar();
        return run.forecasts().fromEpochWindows(soFar.totals(), soFar.spentSeconds(), energy, co2e, durations,
                totalEpochs);
    }

    /** Whether {@link #close()} has run (or the shutdown hook closed the tracker). */
    public boolean isClosed() {
        return run.isClosed();
    }

    /**
     * The final report.
     *
     * @throws IllegalStateException before {@link #close()}
     */
    public EnergyReport report() {
        EnergyReport r = run.finalReport();
        if (r == null) {
            throw new IllegalStateException("report() is available after close(); use snapshot() for live totals");
        }
        return r;
    }

    /** The report of the run so far, with status {@code interrupted} (what a checkpoint writes). */
    public EnergyReport currentReport() {
        return run.currentReport(EnergyReport.Status.INTERRUPTED);
    }

    /**
     * The tracker's own cost so far: CPU time of its sampler thread(s), ticks, boundary reads, failed samples,
     * probe errors and timeouts; the final figures once closed. Cheap: builds no report, so a metrics scrape can
     * call it every time.
     */
    public EnergyReport.Overhead overhead() {
        return run.overhead();
    }

    /** Where the JSON report is written, or empty when reports are disabled. */
    public Optional<Path> reportFile() {
        return run.reportFile();
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
        run.close();
    }

    /** For tests: writes a checkpoint now, on the calling thread. */
    void checkpoint() {
        run.checkpointNow();
    }

    /** For tests: the lock held while a report or checkpoint file is written (holding it stalls those writes). */
    Object reportWriteLock() {
        return run.writeLock();
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
         * windows, {@link EnergyTracker#sample()}, {@link EnergyTracker#tick()} and {@code close()} take readings:
         * for tests with a fake clock and for callers that drive sampling from their own loop.
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
            return new EnergyTracker(TrackerRun.start(new RunOptions(values, addedProviders, discoverProviders,
                    listeners, backgroundSampling, shutdownHook, clock, environment, systemProperties, boundaryHook,
                    ledgerLockTimeout)));
        }
    }
}
