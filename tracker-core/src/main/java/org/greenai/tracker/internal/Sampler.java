package org.greenai.tracker.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.Snapshot;
import org.greenai.tracker.TrackerClock;
import org.greenai.tracker.TrackerListener;
import org.greenai.tracker.carbon.CarbonIntensity;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every probe at a fixed rate on one named daemon thread and applies the readings to the
 * {@link Accounts}.
 *
 * <p>Ticks never overlap. A probe that throws loses that sample (counted); a probe whose read outlives the
 * probe timeout is marked hung by a watchdog, its channels skip samples (counted) until the read returns, and
 * if it was holding the sampler thread a fresh sampler thread takes over so the other probes go on. Readings
 * may also be taken on a caller's thread ({@link #readNow()}) for exact window boundaries; reads of one probe
 * never overlap: a boundary that finds a probe being read by another thread waits for that read to end (at most
 * the probe timeout) and then takes its own, so its totals include the energy up to the boundary. The accounts
 * lock is held only for arithmetic. A steady-state tick allocates nothing unless
 * listeners are registered (each of them receives one immutable {@link Snapshot}).
 */
public final class Sampler {
    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    private static final int CALLER = -1;

    private final String runId;
    private final ProbeSlot[] slots;
    private final Accounts accounts;
    private final Object lock = new Object();
    private final TrackerClock clock;
    private final IntensityLookup intensity;
    private final double pue;
    private final long intervalNanos;
    private final long probeTimeoutNanos;
    private final long checkpointIntervalNanos;
    private volatile Runnable checkpoint;
    private final String threadName;
    private final List<TrackerListener> listeners = new CopyOnWriteArrayList<>();
    private final long startNanos;
    private volatile UnaryOperator<String> redactor = UnaryOperator.identity();

    private volatile boolean running;
    /** Which sampler thread may apply readings; advanced when one is replaced and when sampling stops. */
    private final AtomicInteger generation = new AtomicInteger();
    /** Set when the probes are being closed: no probe is read, and no reading applied, from then on. */
    private volatile boolean closing;
    private volatile Thread samplerThread;
    private Thread watchdogThread;
    private final List<Thread> samplerThreads = new CopyOnWriteArrayList<>();
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

    // Overhead counters, written by the sampler or under the lock.
    private volatile long ticks;
    private volatile long lateTicks;
    private long boundaryReads;
    private long boundaryReadNanos;
    private long retiredSamplerCpuNanos;

    /**
     * @param probes                  opened probes, with the provider name of each
     * @param checkpoint              run on the sampler thread every {@code checkpointIntervalNanos}; may be null
     */
    public Sampler(String runId, List<OpenedProbe> probes, TrackerClock clock, CarbonIntensity carbon, double pue,
                   long intervalNanos, long probeTimeoutNanos, long checkpointIntervalNanos, Runnable checkpoint,
                   String threadName, List<ChannelSpec> unavailable) {
        this.runId = runId;
        this.clock = clock;
        this.intensity = new IntensityLookup(carbon);
        this.pue = pue;
        this.intervalNanos = intervalNanos;
        this.probeTimeoutNanos = probeTimeoutNanos;
        this.checkpointIntervalNanos = checkpointIntervalNanos;
        this.checkpoint = checkpoint;
        this.threadName = threadName;
        List<ChannelSpec> specs = new ArrayList<>();
        this.slots = new ProbeSlot[probes.size()];
        for (int p = 0; p < probes.size(); p++) {
            OpenedProbe opened = probes.get(p);
            int[] globalIndex = new int[opened.channels().size()];
            for (int k = 0; k < globalIndex.length; k++) {
                if (opened.keep()[k]) {
                    globalIndex[k] = specs.size();
                    specs.add(opened.channels().get(k));
                } else {
                    globalIndex[k] = -1;
                }
            }
            slots[p] = new ProbeSlot(opened.providerName(), opened.probe(), globalIndex);
        }
        specs.addAll(unavailable);
        this.accounts = new Accounts(specs.toArray(new ChannelSpec[0]));
        this.startNanos = clock.nanoTime();
    }

    /**
     * A probe opened by a provider: the channels as the probe declared them, and which of them the tracker
     * keeps (the others are read but ignored: excluded, duplicated or superseded by a measurement).
     */
    public record OpenedProbe(String providerName, Probe probe, List<ChannelSpec> channels, boolean[] keep) {
    }

    /** Masks secrets in the text of probe errors and lost reasons before they are logged. Identity by default. */
    public void redactor(UnaryOperator<String> redactor) {
        this.redactor = java.util.Objects.requireNonNull(redactor, "redactor");
        intensity.redactor(redactor);
    }

    /** The carbon-intensity source, asked so that it never fails (see {@link IntensityLookup}). */
    public IntensityLookup intensity() {
        return intensity;
    }

    /** Sets the task run every checkpoint interval on the sampler thread. */
    public void checkpointTask(Runnable task) {
        this.checkpoint = task;
    }

    public long startNanos() {
        return startNanos;
    }

    public TrackerClock clock() {
        return clock;
    }

    public int channelCount() {
        return accounts.size();
    }

    public ChannelSpec spec(int channel) {
        return accounts.spec(channel);
    }

    public void addListener(TrackerListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TrackerListener listener) {
        listeners.remove(listener);
    }

    /** Starts the sampler thread and the watchdog. */
    public void start() {
        running = true;
        startSamplerThread();
        watchdogThread = new Thread(this::watchdogLoop, threadName + "-watchdog");
        watchdogThread.setDaemon(true);
        watchdogThread.start();
    }

    private void startSamplerThread() {
        int myGeneration = generation.incrementAndGet();
        Thread thread = new Thread(() -> samplerLoop(myGeneration), threadName);
        thread.setDaemon(true);
        samplerThread = thread;
        samplerThreads.add(thread);
        thread.start();
    }

    /**
     * Stops the threads; waits up to the probe timeout for a tick in progress. A sampler thread still blocked in a
     * read after that never applies its reading. Idempotent.
     */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        generation.incrementAndGet();
        Thread sampler = samplerThread;
        LockSupport.unpark(sampler);
        if (watchdogThread != null) {
            LockSupport.unpark(watchdogThread);
        }
        if (sampler != null && sampler != Thread.currentThread()) {
            try {
                sampler.join(Math.max(1, probeTimeoutNanos / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void samplerLoop(int myGeneration) {
        long next = System.nanoTime() + intervalNanos;
        long nextCheckpoint = checkpointIntervalNanos > 0 ? System.nanoTime() + checkpointIntervalNanos : Long.MAX_VALUE;
        while (running && myGeneration == generation.get()) {
            long waitNanos = next - System.nanoTime();
            if (waitNanos > 0) {
                LockSupport.parkNanos(this, waitNanos);
                continue;
            }
            try {
                tick(myGeneration);
            } catch (Throwable t) {
                LOG.warn("GreenAI sampler tick failed, sampling goes on: {}", redactor.apply(t.toString()));
            }
            next += intervalNanos;
            long now = System.nanoTime();
            if (now - next > intervalNanos) {
                long missed = (now - next) / intervalNanos;
                lateTicks += missed;
                next += missed * intervalNanos;
            }
            Runnable task = checkpoint;
            if (now >= nextCheckpoint && task != null && myGeneration == generation.get()) {
                nextCheckpoint = now + checkpointIntervalNanos;
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.warn("GreenAI checkpoint failed, sampling goes on: {}", redactor.apply(t.toString()));
                }
            }
        }
        Thread me = Thread.currentThread();
        synchronized (lock) {
            retiredSamplerCpuNanos += Math.max(0, cpuNanos(me));
        }
        samplerThreads.remove(me);
    }

    /**
     * One background tick on the calling thread: reads every probe and notifies listeners. Used by the sampler
     * thread and by benchmarks; a caller that needs an exact boundary uses {@link #readNow()}.
     */
    public void tick() {
        tick(generation.get());
    }

    private void tick(int myGeneration) {
        for (ProbeSlot slot : slots) {
            if (myGeneration != generation.get()) {
                return;
            }
            readSlot(slot, myGeneration);
        }
        ticks++;
        publish();
    }

    /**
     * Takes a reading of every probe on the calling thread (a window boundary, {@code close()}), skipping
     * probes that are hung (their channels count a failed sample), and notifies listeners. Waits for a read of
     * the same probe in progress on another thread, at most the probe timeout.
     */
    public void readNow() {
        long t0 = System.nanoTime();
        for (ProbeSlot slot : slots) {
            readSlot(slot, CALLER);
        }
        long spent = System.nanoTime() - t0;
        synchronized (lock) {
            boundaryReads++;
            boundaryReadNanos += spent;
        }
        publish();
    }

    private void publish() {
        if (listeners.isEmpty()) {
            return;
        }
        Snapshot snapshot = snapshot();
        for (TrackerListener listener : listeners) {
            try {
                listener.onSample(snapshot);
            } catch (Throwable t) {
                LOG.warn("GreenAI listener {} threw {}; it stays registered", listener,
                        redactor.apply(t.toString()));
            }
        }
    }

    private void readSlot(ProbeSlot slot, int myGeneration) {
        SlotReadings r = slot.readings;
        if (closing) {
            return; // the probes are being closed: a boundary racing close() reads nothing
        }
        if (slot.hung()) {
            // A read still blocked in this probe: this sample is lost for its channels.
            synchronized (lock) {
                for (int i : slot.globalIndex) {
                    if (i >= 0) {
                        accounts.failed(i);
                    }
                }
            }
            return;
        }
        if (!slot.busy.compareAndSet(false, true)) {
            // Another thread is reading this probe. The background sampler skips it; a boundary waits for that
            // read to end and takes its own, so that the boundary's totals include the energy up to this instant.
            if (myGeneration != CALLER || !awaitIdle(slot)) {
                return;
            }
        }
        try {
            if (closing) {
                return; // checked again under the busy flag: closeProbes() may have closed this probe meanwhile
            }
            r.clear();
            long startNanos = clock.nanoTime();
            slot.reader = Thread.currentThread();
            long startedRealNanos = System.nanoTime();
            slot.inFlight.set(startedRealNanos == ProbeSlot.IDLE || startedRealNanos == ProbeSlot.HUNG
                    ? startedRealNanos + 1 : startedRealNanos);
            boolean threw = false;
            long inFlight;
            try {
                slot.probe.read(r);
            } catch (Throwable t) {
                threw = true;
                onProbeError(slot, t);
            } finally {
                inFlight = slot.inFlight.getAndSet(ProbeSlot.IDLE);
            }
            if (inFlight == ProbeSlot.HUNG && !closing) {
                LOG.info("GreenAI probe '{}' returned after a timeout; its channels are sampled again",
                        slot.providerName);
            }
            if (closing || (myGeneration != CALLER && myGeneration != generation.get())) {
                // The probes are being closed, or this thread was replaced or stopped while blocked: its late
                // reading is discarded.
                return;
            }
            long endNanos = clock.nanoTime();
            if (threw) {
                r.failAll();
            }
            apply(slot, startNanos + ((endNanos - startNanos) >> 1));
        } finally {
            slot.busy.set(false);
            if (closing && slot.busy.compareAndSet(false, true)) {
                // closeProbes() may have given up on this slot while this read was in progress: close it now.
                try {
                    closeProbe(slot);
                } finally {
                    slot.busy.set(false);
                }
            }
        }
    }

    /**
     * Waits until no other thread reads the slot's probe and takes the slot. Gives up, counting this sample as
     * failed for the probe's channels, when the read in progress is marked hung or outlives the probe timeout.
     */
    private boolean awaitIdle(ProbeSlot slot) {
        if (acquire(slot)) {
            return true;
        }
        if (!closing) {
            synchronized (lock) {
                for (int i : slot.globalIndex) {
                    if (i >= 0) {
                        accounts.failed(i);
                    }
                }
            }
        }
        return false;
    }

    /**
     * Takes the slot's busy flag, waiting for a read in progress at most the probe timeout; false, without the
     * flag, when that read is marked hung or outlives the wait.
     */
    private boolean acquire(ProbeSlot slot) {
        long deadline = System.nanoTime() + probeTimeoutNanos;
        for (int spins = 0; !slot.busy.compareAndSet(false, true); spins++) {
            if (slot.hung() || System.nanoTime() - deadline > 0) {
                return false;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
        return true;
    }

    private void onProbeError(ProbeSlot slot, Throwable t) {
        synchronized (lock) {
            slot.errors++;
            if (slot.errorLogged) {
                return;
            }
            slot.errorLogged = true;
        }
        LOG.warn("GreenAI probe '{}' threw {}; its samples are skipped and counted (logged once)",
                slot.providerName, redactor.apply(t.toString()));
    }

    private void apply(ProbeSlot slot, long nanos) {
        // The energy since this probe's previous reading is charged at the intensity in force at the middle of
        // that interval, so a time series is followed to within half a sampling interval.
        long wallMillis = clock.wallTimeMillis();
        long previousWallMillis = slot.lastWallMillis;
        slot.lastWallMillis = wallMillis;
        long chargedAt = previousWallMillis == Long.MIN_VALUE || previousWallMillis > wallMillis
                ? wallMillis : previousWallMillis + ((wallMillis - previousWallMillis) >> 1);
        double gramsPerKwh = intensity.gramsPerKwh(chargedAt); // NaN before any valid value: no CO2e then
        double co2ePerJoule = gramsPerKwh * pue / EnergyMath.JOULES_PER_KWH;
        SlotReadings r = slot.readings;
        boolean anyToLog = false;
        synchronized (lock) {
            accounts.intensity(gramsPerKwh);
            for (int k = 0; k < r.kind.length; k++) {
                int i = slot.globalIndex[k];
                if (i < 0) {
                    continue;
                }
                switch (r.kind[k]) {
                    case SlotReadings.COUNTER -> {
                        if (accounts.counter(i, nanos, r.count[k], co2ePerJoule)) {
                            r.log[k] = SlotReadings.LOG_AMBIGUOUS_WRAP;
                            anyToLog = true;
                        }
                    }
                    case SlotReadings.POWER -> accounts.power(i, nanos, r.powerWatts[k], co2ePerJoule);
                    case SlotReadings.LOST -> {
                        if (accounts.lost(i, r.lostReason[k])) {
                            r.log[k] = SlotReadings.LOG_LOST;
                            anyToLog = true;
                        }
                    }
                    default -> accounts.failed(i);
                }
            }
        }
        if (anyToLog) {
            logOnce(slot);
        }
    }

    /** Logs, outside the lock, the channel events that {@link #apply} flagged (each happens once per channel). */
    private void logOnce(ProbeSlot slot) {
        SlotReadings r = slot.readings;
        for (int k = 0; k < r.log.length; k++) {
            int i = slot.globalIndex[k];
            if (r.log[k] == SlotReadings.LOG_LOST) {
                LOG.warn("GreenAI channel {} lost: {}; its energy so far is kept",
                        redactor.apply(accounts.spec(i).id()), redactor.apply(r.lostReason[k]));
            } else if (r.log[k] == SlotReadings.LOG_AMBIGUOUS_WRAP) {
                ChannelSpec spec = accounts.spec(i);
                double maxPowerWatts = accounts.maxPowerWatts(i);
                double rangeJoules = spec.counterWrapRange() * spec.joulesPerCount();
                LOG.warn("GreenAI channel {}: its counter wraps every {} J and may draw up to {} W, so it may have "
                        + "wrapped more than once between two samples; such intervals are counted as ambiguousWraps "
                        + "in the report (the energy is a lower bound there). Sample more often than every {} s",
                        redactor.apply(spec.id()), threeDigits(rangeJoules), threeDigits(maxPowerWatts),
                        threeDigits(rangeJoules / maxPowerWatts));
            }
            r.log[k] = SlotReadings.LOG_NONE;
        }
    }

    /** {@code 0.1}, {@code 1050}: three significant digits, no trailing zeros. */
    private static String threeDigits(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }

    private void watchdogLoop() {
        long periodNanos = Math.max(1_000_000, probeTimeoutNanos / 2);
        while (running) {
            LockSupport.parkNanos(this, periodNanos);
            checkTimeouts(System.nanoTime());
        }
    }

    /** One pass of the watchdog at {@code now} ({@link System#nanoTime()}); tests call it at a chosen time. */
    void checkTimeouts(long now) {
        for (ProbeSlot slot : slots) {
            long started = slot.inFlight.get();
            if (started == ProbeSlot.IDLE || started == ProbeSlot.HUNG || now - started <= probeTimeoutNanos
                    || !slot.inFlight.compareAndSet(started, ProbeSlot.HUNG)) {
                continue; // no read, already timed out, still in time, or the read returned meanwhile
            }
            Thread reader = slot.reader; // the thread of the read just marked: it cannot change while it is hung
            synchronized (lock) {
                slot.timeouts++;
            }
            LOG.warn("GreenAI probe '{}' blocked for more than {} ms; its channels skip samples until it "
                    + "returns (raise greenai.probe.timeout if it is just slow)",
                    slot.providerName, probeTimeoutNanos / 1_000_000);
            if (running && reader == samplerThread) {
                startSamplerThread();
            }
        }
    }

    private long cpuNanos(Thread thread) {
        try {
            return threadBean.isThreadCpuTimeSupported() ? threadBean.getThreadCpuTime(thread.getId()) : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Live totals, built under the lock. */
    public Snapshot snapshot() {
        synchronized (lock) {
            List<ChannelSnapshot> channels = new ArrayList<>(accounts.size());
            for (int i = 0; i < accounts.size(); i++) {
                channels.add(accounts.snapshot(i));
            }
            double intensity = accounts.lastGramsPerKwh();
            // Until a channel has given a valid reading, the totals are unknown, not zero.
            boolean any = false;
            for (int i = 0; i < accounts.size(); i++) {
                any |= accounts.hasReading(i);
            }
            return new Snapshot(runId, clock.nanoTime() - startNanos,
                    any ? accounts.totalEnergyJoules() : Double.NaN, any ? accounts.totalCo2eGrams() : Double.NaN,
                    intensity, pue, channels);
        }
    }

    /**
     * Copies the cumulative energy and CO2e per channel, consistently, into the given arrays: NaN for a channel
     * that has not given a valid reading yet (or never will: unavailable).
     */
    public void copyTotals(double[] energyJoules, double[] co2eGrams) {
        synchronized (lock) {
            accounts.copyEnergyJoules(energyJoules);
            accounts.copyCo2eGrams(co2eGrams);
        }
    }

    /** Runs {@code action} with the accounts under the lock. */
    public <T> T withAccounts(java.util.function.Function<Accounts, T> action) {
        synchronized (lock) {
            return action.apply(accounts);
        }
    }

    /** The tracker's own cost so far. */
    public Overhead overhead() {
        long live = 0;
        boolean supported = true;
        for (Thread t : samplerThreads) {
            long cpu = cpuNanos(t);
            if (cpu < 0) {
                supported = false;
            } else {
                live += cpu;
            }
        }
        synchronized (lock) {
            long failed = 0;
            long samples = 0;
            for (int i = 0; i < accounts.size(); i++) {
                failed += accounts.failedSamples(i);
                samples += accounts.samples(i);
            }
            long errors = 0;
            long timeouts = 0;
            for (ProbeSlot slot : slots) {
                errors += slot.errors;
                timeouts += slot.timeouts;
            }
            return new Overhead(supported ? live + retiredSamplerCpuNanos : -1, ticks, lateTicks, boundaryReads,
                    boundaryReadNanos, samples, failed, errors, timeouts, intensity.errors());
        }
    }

    /**
     * @param samplerCpuNanos CPU time of the sampler thread(s), -1 where the JVM cannot tell
     * @param intensityErrors carbon-intensity lookups that failed (see {@link IntensityLookup})
     */
    public record Overhead(long samplerCpuNanos, long ticks, long lateTicks, long boundaryReads,
                           long boundaryReadNanos, long samples, long failedSamples, long probeErrors,
                           long probeTimeouts, long intensityErrors) {
    }

    /**
     * Closes every probe once, never while it is being read, logging (not throwing) failures. From now on no probe
     * is read and no reading is applied. Waits for a read in progress at most the probe timeout; a probe whose
     * read is hung (or outlives that wait) is closed by its reader when the read returns.
     */
    public void closeProbes() {
        closing = true;
        for (ProbeSlot slot : slots) {
            if (acquire(slot)) {
                try {
                    closeProbe(slot);
                } finally {
                    slot.busy.set(false);
                }
            } else {
                LOG.info("GreenAI probe '{}' is still in a read; it is closed when that read returns",
                        slot.providerName);
            }
        }
    }

    /** Closes the slot's probe unless it was closed already; the caller holds the slot's busy flag. */
    private void closeProbe(ProbeSlot slot) {
        if (slot.closed) {
            return;
        }
        slot.closed = true;
        try {
            slot.probe.close();
        } catch (Throwable t) {
            LOG.warn("GreenAI probe '{}' failed to close: {}", slot.providerName, redactor.apply(t.toString()));
        }
    }
}
