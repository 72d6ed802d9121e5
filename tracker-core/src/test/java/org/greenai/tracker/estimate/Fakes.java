package org.greenai.tracker.estimate;

import java.io.IOException;

import org.greenai.tracker.testing.RecordingReadings;

/**
 * Test doubles for the estimate probe: a machine, its CPU counters and this JVM (package-private interfaces of the
 * estimate, so they stay here); the context and the readings come from tracker-test-support.
 */
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

    /** Readings for an estimate probe, which reports no counter and loses no channel: either fails the test. */
    static RecordingReadings readings() {
        return new RecordingReadings().reject(RecordingReadings.Kind.COUNTER, RecordingReadings.Kind.LOST);
    }
}
