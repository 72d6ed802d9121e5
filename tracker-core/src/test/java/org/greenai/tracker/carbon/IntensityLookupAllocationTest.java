package org.greenai.tracker.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;

class IntensityLookupAllocationTest {

    private static final int CALLS = 200_000;

    @Test
    void gramsPerKwhAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long[] times = new long[1_000];
        double[] values = new double[1_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 3_600_000L;
            values[i] = i % 500;
        }
        List<CarbonIntensity> sources = List.of(CarbonIntensities.fixed(1.0), CarbonIntensities.country("FR"),
                CarbonIntensities.cloudRegion("aws", "eu-north-1"), CarbonIntensities.worldAverage(),
                CarbonIntensities.timeSeries(times, values, "s", "l"));
        long threadId = Thread.currentThread().getId();

        for (CarbonIntensity source : sources) {
            double sum = lookUp(source); // warm up
            long before = threads.getThreadAllocatedBytes(threadId);
            sum += lookUp(source);
            long allocatedBytes = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(sum).isFinite();
            // One object per call would be >= 16 bytes x CALLS; allow a little for the measurement itself.
            assertThat(allocatedBytes).as(source.toString()).isLessThan(CALLS / 4);
        }
    }

    private static double lookUp(CarbonIntensity source) {
        double sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += source.gramsPerKwh(i * 17_000L);
        }
        return sum;
    }
}
