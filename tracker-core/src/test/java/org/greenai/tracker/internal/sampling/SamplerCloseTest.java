package org.greenai.tracker.internal.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.greenai.tracker.internal.sampling.SamplerWatchdogTest.GatedProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stopping the sampler and closing the probes while reads are in progress (real threads, bounded waits). */
@Timeout(30)
class SamplerCloseTest {

    static Thread samplerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("greenai-sampler-test")).findFirst().orElseThrow();
    }

    @Test
    void readOfASamplerThreadAbandonedByStopIsNeverApplied() throws Exception {
        GatedProbe probe = new GatedProbe();
        Sampler sampler = SamplerWatchdogTest.sampler(probe, TimeUnit.MILLISECONDS.toNanos(20));
        sampler.readNow();
        probe.block.set(true);
        sampler.start();
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread abandoned = samplerThread();
        sampler.stop(); // waits for the tick at most the probe timeout, then gives up on it
        sampler.readNow(); // the final reading
        long samples = sampler.accounting().snapshot().channels().get(0).samples();

        probe.release.countDown();
        abandoned.join(10_000);

        assertThat(abandoned.isAlive()).isFalse();
        assertThat(sampler.accounting().snapshot().channels().get(0).samples()).as("nothing applied after the final reading")
                .isEqualTo(samples);
    }

    @Test
    void closingTheProbesWaitsForAReadInProgressAndLaterReadsLeaveTheClosedProbeAlone() throws Exception {
        GatedProbe probe = new GatedProbe();
        Sampler sampler = SamplerWatchdogTest.sampler(probe, TimeUnit.SECONDS.toNanos(10));
        sampler.readNow();
        probe.block.set(true);
        Thread boundary = new Thread(sampler::readNow, "boundary");
        boundary.start();
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        probe.block.set(false);
        Thread closer = new Thread(sampler::closeProbes, "closer");
        closer.start();
        SamplerWatchdogTest.await("close to wait for the read", () -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING || !closer.isAlive());
        assertThat(probe.closes).as("not closed under a read").hasValue(0);

        probe.release.countDown();
        closer.join(10_000);
        boundary.join(10_000);
        sampler.readNow();

        assertThat(probe.closes).hasValue(1);
        assertThat(probe.closedWhileReading).isFalse();
        assertThat(probe.reads).as("no read after close").hasValue(2);
    }

    @Test
    void probeHungInAReadIsClosedByItsReaderWhenTheReadReturns() throws Exception {
        GatedProbe probe = new GatedProbe();
        Sampler sampler = SamplerWatchdogTest.sampler(probe, TimeUnit.MILLISECONDS.toNanos(1));
        sampler.readNow();
        probe.block.set(true);
        Thread reader = new Thread(sampler::readNow, "reader");
        reader.start();
        assertThat(probe.entered.await(10, TimeUnit.SECONDS)).isTrue();
        probe.block.set(false);
        sampler.checkTimeouts(System.nanoTime() + TimeUnit.HOURS.toNanos(1));

        sampler.closeProbes(); // does not wait for a hung read

        assertThat(probe.closes).hasValue(0);
        probe.release.countDown();
        reader.join(10_000);
        assertThat(probe.closes).hasValue(1);
        assertThat(probe.closedWhileReading).isFalse();
    }
}
