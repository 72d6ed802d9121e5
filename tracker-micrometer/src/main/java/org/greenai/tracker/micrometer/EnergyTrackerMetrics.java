package org.greenai.tracker.micrometer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.greenai.tracker.Channel;
import org.greenai.tracker.ChannelSnapshot;
import org.greenai.tracker.EnergyTracker;
import org.greenai.tracker.Provenance;
import org.greenai.tracker.Snapshot;

/**
 * Exposes an {@link EnergyTracker}'s live totals as Micrometer meters, so that Prometheus, OTLP, Datadog or
 * any other Micrometer registry sees the energy of a running job.
 *
 * <pre>{@code
 * try (EnergyTracker tracker = EnergyTracker.builder().project("resnet").start();
 *      EnergyTrackerMetrics metrics = new EnergyTrackerMetrics(tracker, Tags.of("job", "resnet", "rank", "0"))) {
 *     metrics.bindTo(registry);
 *     train();
 * }
 * }</pre>
 *
 * <h2>Meters</h2>
 * <table>
 *   <caption>Meters and their Prometheus names</caption>
 *   <tr><th>name</th><th>type</th><th>base unit</th><th>tags</th><th>Prometheus</th></tr>
 *   <tr><td>{@value #ENERGY}</td><td>function counter</td><td>joules</td><td>channel</td>
 *       <td>{@code greenai_energy_joules_total}</td></tr>
 *   <tr><td>{@value #POWER}</td><td>gauge</td><td>watts</td><td>channel</td>
 *       <td>{@code greenai_power_watts}</td></tr>
 *   <tr><td>{@value #CO2E}</td><td>function counter</td><td>grams</td><td>channel</td>
 *       <td>{@code greenai_co2e_grams_total}</td></tr>
 *   <tr><td>{@value #CHANNEL_UP}</td><td>gauge</td><td>-</td><td>channel</td>
 *       <td>{@code greenai_channel_up}</td></tr>
 *   <tr><td>{@value #FAILED_SAMPLES}</td><td>function counter</td><td>-</td><td>channel</td>
 *       <td>{@code greenai_tracker_failed_samples_total}</td></tr>
 *   <tr><td>{@value #CARBON_INTENSITY}</td><td>gauge</td><td>grams.per.kwh</td><td>tracker</td>
 *       <td>{@code greenai_carbon_intensity_grams_per_kwh}</td></tr>
 *   <tr><td>{@value #PUE}</td><td>gauge</td><td>ratio</td><td>tracker</td>
 *       <td>{@code greenai_pue_ratio}</td></tr>
 *   <tr><td>{@value #TRACKER_CPU}</td><td>function counter</td><td>seconds</td><td>tracker</td>
 *       <td>{@code greenai_tracker_cpu_time_seconds_total}</td></tr>
 * </table>
 *
 * <h2>Tags</h2>
 * Every meter carries the extra tags given to the constructor (such as {@code job}, {@code host} or
 * {@code rank}). Channel meters add {@value #TAG_CHANNEL} (the channel id, e.g. {@code gpu:0}),
 * {@value #TAG_COMPONENT} ({@code cpu}, {@code gpu}, {@code dram}, {@code ram}, {@code system}) and
 * {@value #TAG_PROVENANCE} ({@code counter}, {@code power}, {@code estimate}, {@code unavailable}). All of
 * them are fixed for the life of a tracker, so the number of series is bounded by its channel count; windows,
 * epochs and run ids are never tags (add the run id yourself if you want one series per run).
 *
 * <h2>Unavailable and lost data</h2>
 * A channel that is unavailable (no permission, no driver) gets no energy, CO2e or power meter at all, never a
 * zero; its {@value #CHANNEL_UP} gauge is 0 and names it. A channel lost during the run (a GPU that fell off
 * the bus) keeps reporting its last energy and CO2e, its power becomes {@code NaN} and its {@value #CHANNEL_UP}
 * gauge 0. A tracker's channels are fixed when it starts ({@link EnergyTracker#channels()}), so every series
 * exists from the first scrape.
 *
 * <h2>Freshness and cost</h2>
 * Values are the tracker's totals as of its last sample (its sampling interval, 1 s by default). Meters read
 * one snapshot shared by the binder and refreshed at most every 100 ms, so a scrape of all meters builds one
 * snapshot; reading does not take a new sample.
 *
 * <h2>Lifecycle and thread safety</h2>
 * {@link #bindTo} may be called for several registries; {@link #close()} removes every meter this binder
 * registered from every registry. Keep a reference to the binder while it is bound (a field or
 * try-with-resources): it holds strong references to what its meters read, and its gauges are registered with
 * strong references. Closing the tracker does not remove the meters: they keep the final totals until the
 * binder is closed. Binding two binders with the same extra tags to one registry is an error, because their
 * series would be the same. All methods are thread-safe.
 */
public final class EnergyTrackerMetrics implements MeterBinder, AutoCloseable {
    /** Energy of a channel since the tracker started, joules. */
    public static final String ENERGY = "greenai.energy";
    /** Power of a channel over its last sampled interval, watts. */
    public static final String POWER = "greenai.power";
    /** Emissions attributed to a channel (energy × intensity × PUE), grams CO2e. */
    public static final String CO2E = "greenai.co2e";
    /** 1 while a channel is read, 0 when it is unavailable or lost. */
    public static final String CHANNEL_UP = "greenai.channel.up";
    /** Readings of a channel skipped after a transient error, a timeout or an invalid value. */
    public static final String FAILED_SAMPLES = "greenai.tracker.failed.samples";
    /** Carbon intensity in force at the last sample, gCO2e per kWh. */
    public static final String CARBON_INTENSITY = "greenai.carbon.intensity";
    /** Power usage effectiveness applied to CO2e. */
    public static final String PUE = "greenai.pue";
    /** CPU time of the tracker's sampler thread, seconds. */
    public static final String TRACKER_CPU = "greenai.tracker.cpu.time";

    /** Tag key: channel id such as {@code gpu:0} or {@code cpu:package-0}. */
    public static final String TAG_CHANNEL = "channel";
    /** Tag key: component ({@code cpu}, {@code gpu}, {@code dram}, {@code ram}, {@code system}). */
    public static final String TAG_COMPONENT = "component";
    /** Tag key: provenance ({@code counter}, {@code power}, {@code estimate}, {@code unavailable}). */
    public static final String TAG_PROVENANCE = "provenance";

    static final Duration MAX_SNAPSHOT_AGE = Duration.ofMillis(100);
    private static final Set<String> RESERVED_KEYS = Set.of(TAG_CHANNEL, TAG_COMPONENT, TAG_PROVENANCE);

    /** Which extra tags are bound to which registry, across binders: two binders must not share series. */
    private static final Map<MeterRegistry, Set<Tags>> BOUND_TAGS = new WeakHashMap<>();

    private final Tags tags;
    private final SnapshotCache cache;
    private final List<ChannelState> channels;
    private final Map<MeterRegistry, List<Meter>> meters = new LinkedHashMap<>();
    private boolean closed;

    /** A binder for {@code tracker} with no extra tags. */
    public EnergyTrackerMetrics(EnergyTracker tracker) {
        this(tracker, Tags.empty());
    }

    /**
     * A binder for {@code tracker}.
     *
     * @param tags extra tags on every meter, such as {@code job}, {@code host} or {@code rank}; keep their values
     *             bounded
     * @throws IllegalArgumentException if a tag uses a key the binder sets itself ({@value #TAG_CHANNEL},
     *                                  {@value #TAG_COMPONENT}, {@value #TAG_PROVENANCE})
     */
    public EnergyTrackerMetrics(EnergyTracker tracker, Iterable<Tag> tags) {
        this(TrackerSource.of(Objects.requireNonNull(tracker, "tracker")), tags, System::nanoTime,
                MAX_SNAPSHOT_AGE.toNanos());
    }

    EnergyTrackerMetrics(TrackerSource source, Iterable<Tag> tags, LongSupplier nanoTime, long maxSnapshotAgeNanos) {
        Objects.requireNonNull(tags, "tags");
        for (Tag tag : tags) {
            if (RESERVED_KEYS.contains(tag.getKey())) {
                throw new IllegalArgumentException("tags must not use the keys " + RESERVED_KEYS
                        + " (the binder sets them per channel), but had '" + tag.getKey() + "=" + tag.getValue() + "'");
            }
        }
        this.tags = Tags.of(tags);
        this.cache = new SnapshotCache(source, nanoTime, maxSnapshotAgeNanos);
        List<ChannelState> states = new ArrayList<>();
        List<Channel> list = source.channels();
        for (int i = 0; i < list.size(); i++) {
            states.add(new ChannelState(list.get(i), i, cache, this.tags));
        }
        this.channels = Collections.unmodifiableList(states);
    }

    /**
     * Registers this tracker's meters in {@code registry}. Binding the same registry again does nothing.
     *
     * @throws IllegalStateException after {@link #close()}, or if another binder with the same extra tags is
     *                               bound to {@code registry}
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("bindTo() called after close() of this EnergyTrackerMetrics");
        }
        if (meters.containsKey(registry)) {
            return;
        }
        synchronized (BOUND_TAGS) {
            Set<Tags> inUse = BOUND_TAGS.computeIfAbsent(registry, r -> new HashSet<>());
            if (!inUse.add(tags)) {
                throw new IllegalStateException("another EnergyTrackerMetrics with tags " + tags + " is already bound "
                        + "to this registry; give each tracker distinct tags, e.g. Tags.of(\"run\", tracker.runId())");
            }
        }
        List<Meter> registered = new ArrayList<>();
        try {
            register(registry, registered);
        } catch (RuntimeException e) {
            registered.forEach(registry::remove); // all or nothing
            synchronized (BOUND_TAGS) {
                BOUND_TAGS.get(registry).remove(tags);
            }
            throw e;
        }
        meters.put(registry, registered);
    }

    private void register(MeterRegistry registry, List<Meter> registered) {
        for (ChannelState c : channels) {
            registered.add(Gauge.builder(CHANNEL_UP, c, ChannelState::up)
                    .tags(c.tags)
                    .description("1 while the channel is read, 0 when it is unavailable or was lost")
                    .strongReference(true)
                    .register(registry));
            if (c.channel.provenance() == Provenance.UNAVAILABLE) {
                continue; // absent, never zero
            }
            registered.add(FunctionCounter.builder(ENERGY, c, ChannelState::energyJoules)
                    .tags(c.tags)
                    .baseUnit("joules")
                    .description("Energy used by the channel since the tracker started; how it is known is in the "
                            + "provenance tag")
                    .register(registry));
            registered.add(Gauge.builder(POWER, c, ChannelState::powerWatts)
                    .tags(c.tags)
                    .baseUnit("watts")
                    .description("Power of the channel over its last sampled interval; NaN before the second "
                            + "sample and once the channel is lost")
                    .strongReference(true)
                    .register(registry));
            registered.add(FunctionCounter.builder(CO2E, c, ChannelState::co2eGrams)
                    .tags(c.tags)
                    .baseUnit("grams")
                    .description("Emissions attributed to the channel: energy x carbon intensity x PUE, "
                            + "accumulated per sample")
                    .register(registry));
            registered.add(FunctionCounter.builder(FAILED_SAMPLES, c, ChannelState::failedSamples)
                    .tags(c.tags)
                    .description("Readings of the channel skipped after a transient error, a timeout or an "
                            + "invalid value")
                    .register(registry));
        }
        registered.add(Gauge.builder(CARBON_INTENSITY, cache, EnergyTrackerMetrics::carbonIntensity)
                .tags(tags)
                .baseUnit("grams.per.kwh")
                .description("Carbon intensity of the electricity in force at the last sample, gCO2e per kWh")
                .strongReference(true)
                .register(registry));
        registered.add(Gauge.builder(PUE, cache, c -> c.snapshot().pue())
                .tags(tags)
                .baseUnit("ratio")
                .description("Power usage effectiveness of the data centre, applied to CO2e")
                .strongReference(true)
                .register(registry));
        registered.add(FunctionCounter.builder(TRACKER_CPU, cache, SnapshotCache::samplerCpuSeconds)
                .tags(tags)
                .baseUnit("seconds")
                .description("CPU time spent by the tracker's sampler thread; NaN where the JVM cannot measure it")
                .register(registry));
    }

    /** Removes every meter this binder registered from every registry it was bound to. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Map.Entry<MeterRegistry, List<Meter>> e : meters.entrySet()) {
            for (Meter meter : e.getValue()) {
                e.getKey().remove(meter);
            }
            synchronized (BOUND_TAGS) {
                Set<Tags> inUse = BOUND_TAGS.get(e.getKey());
                if (inUse != null) {
                    inUse.remove(tags);
                }
            }
        }
        meters.clear();
    }

    private static double carbonIntensity(SnapshotCache cache) {
        return cache.snapshot().carbonIntensityGramsPerKwh();
    }

    /** What the meters of one channel read; keeps the last totals of a channel that vanished. */
    private static final class ChannelState {
        final Channel channel;
        final Tags tags;
        private final int indexHint;
        private final SnapshotCache cache;

        ChannelState(Channel channel, int indexHint, SnapshotCache cache, Tags extraTags) {
            this.channel = channel;
            this.indexHint = indexHint;
            this.cache = cache;
            this.tags = extraTags.and(TAG_CHANNEL, channel.id())
                    .and(TAG_COMPONENT, channel.component().id())
                    .and(TAG_PROVENANCE, channel.provenance().id());
        }

        /** This channel in the current snapshot, or {@code null} if the snapshot no longer lists it. */
        private ChannelSnapshot live() {
            List<ChannelSnapshot> list = cache.snapshot().channels();
            if (indexHint < list.size() && list.get(indexHint).channel().id().equals(channel.id())) {
                return list.get(indexHint);
            }
            for (ChannelSnapshot c : list) {
                if (c.channel().id().equals(channel.id())) {
                    return c;
                }
            }
            return null;
        }

        double energyJoules() {
            ChannelSnapshot c = cache.lastKnown(channel.id());
            return c == null ? Double.NaN : c.energyJoules();
        }

        double co2eGrams() {
            ChannelSnapshot c = cache.lastKnown(channel.id());
            return c == null ? Double.NaN : c.co2eGrams();
        }

        double failedSamples() {
            ChannelSnapshot c = cache.lastKnown(channel.id());
            return c == null ? Double.NaN : c.failedSamples();
        }

        double powerWatts() {
            ChannelSnapshot c = live();
            return c == null || c.lostReason() != null ? Double.NaN : c.powerWatts();
        }

        double up() {
            ChannelSnapshot c = live();
            return c != null && c.channel().provenance() != Provenance.UNAVAILABLE && c.lostReason() == null ? 1 : 0;
        }
    }
}
