package org.greenai.tracker.estimate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.greenai.tracker.Component;
import org.greenai.tracker.spi.ProbeContext;
import org.greenai.tracker.spi.Readings;

/** Test doubles for the estimate probe: a machine, its CPU counters, this JVM, a context and readings. */
final class Fakes {

    private Fakes() {
    }

    /** Cumulative busy/total ticks set by the test. */
    static final class Utilisation implements UtilisationSource {
        /** How far {@link #advance} moves the platform's clock: far past any tick length. */
        static final long ADVANCE_NANOS = 1_000_000_000L;

        private final Platform platform;
        long busyTicks;
        long totalTicks;
        boolean failNext;
        boolean closed;
        double nanosPerTick = 10_000_000;
        int samples;

        Utilisation(Platform platform) {
            this.platform = platform;
        }

        /**
         * Advances the counters by {@code ticks} of which {@code busy} were busy, and the platform's clock by
         * {@link #ADVANCE_NANOS}, so that the probe's next read samples the counters.
         */
        void advance(long ticks, long busy) {
            advanceCountersOnly(ticks, busy);
            platform.nanoTime += ADVANCE_NANOS;
        }

        /** Advances the counters by {@code ticks} of which {@code busy} were busy; the clock stays. */
        void advanceCountersOnly(long ticks, long busy) {
            totalTicks += ticks;
            busyTicks += busy;
        }

        @Override
        public boolean sample() {
            samples++;
            if (failNext) {
                failNext = false;
                return false;
            }
            return true;
        }

        @Override
        public long busyTicks() {
            return busyTicks;
        }

        @Override
        public long totalTicks() {
            return totalTicks;
        }

        @Override
        public double nanosPerTick() {
            return nanosPerTick;
        }

        @Override
        public String description() {
            return "fake counters";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** This JVM as the test sets it. */
    static final class Process implements ProcessSource {
        long cpuTimeNanos;
        long residentBytes;
        int residentReads;

        @Override
        public long cpuTimeNanos() {
            return cpuTimeNanos;
        }

        @Override
        public long residentBytes() {
            residentReads++;
            return residentBytes;
        }
    }

    /** A machine with fake counters and a hand-moved clock. */
    static final class Platform implements EstimatePlatform {
        HardwareInfo hardware;
        final Utilisation utilisation = new Utilisation(this);
        final Process process = new Process();
        IOException openFailure;
        RuntimeException hardwareFailure;
        long nanoTime = 1_000;
        int utilisationOpens;

        Platform(HardwareInfo hardware) {
            this.hardware = hardware;
        }

        @Override
        public HardwareInfo hardware() {
            if (hardwareFailure != null) {
                throw hardwareFailure;
            }
            return hardware;
        }

        @Override
        public UtilisationSource openUtilisation() throws IOException {
            utilisationOpens++;
            if (openFailure != null) {
                throw openFailure;
            }
            return utilisation;
        }

        @Override
        public ProcessSource process() {
            return process;
        }

        @Override
        public long nanoTime() {
            return nanoTime;
        }
    }

    /** 16 threads of Cascade Lake, one socket, 64 GiB. */
    static HardwareInfo cascadeLake() {
        return new HardwareInfo("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", "Cascade Lake", 8, 16, 1,
                64L << 30, "Fake OS");
    }

    /** A context with the given measured components; machine scope, no override. */
    static final class Context implements ProbeContext {
        Set<Component> measured = EnumSet.noneOf(Component.class);
        boolean processScope;
        OptionalDouble cpuFullLoadWatts = OptionalDouble.empty();
        OptionalDouble ramWatts = OptionalDouble.empty();

        Context measured(Component... components) {
            measured = components.length == 0 ? EnumSet.noneOf(Component.class)
                    : EnumSet.copyOf(Arrays.asList(components));
            return this;
        }

        @Override
        public Path powercapRoot() {
            return Path.of("/sys/class/powercap");
        }

        @Override
        public Set<Component> measuredComponents() {
            return measured;
        }

        @Override
        public boolean processScope() {
            return processScope;
        }

        @Override
        public OptionalDouble cpuFullLoadWatts() {
            return cpuFullLoadWatts;
        }

        @Override
        public OptionalDouble ramWatts() {
            return ramWatts;
        }

        @Override
        public Optional<String> setting(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> environment(String name) {
            return Optional.empty();
        }
    }

    /** Keeps the last value per channel: a power in watts, NaN for failed, or the reason for lost. */
    static final class RecordingReadings implements Readings {
        final double[] powerWatts = new double[4];
        final boolean[] failed = new boolean[4];
        final List<String> events = new ArrayList<>();
        boolean recordEvents = true;

        RecordingReadings() {
            clear();
        }

        void clear() {
            Arrays.fill(powerWatts, Double.NaN);
            Arrays.fill(failed, false);
            events.clear();
        }

        @Override
        public void counter(int channel, long count) {
            throw new AssertionError("an estimate reports no counter");
        }

        @Override
        public void power(int channel, double powerWatts) {
            this.powerWatts[channel] = powerWatts;
            if (recordEvents) {
                events.add("power " + channel);
            }
        }

        @Override
        public void failed(int channel) {
            failed[channel] = true;
            if (recordEvents) {
                events.add("failed " + channel);
            }
        }

        @Override
        public void lost(int channel, String reason) {
            throw new AssertionError("an estimate loses no channel: " + reason);
        }
    }
}
