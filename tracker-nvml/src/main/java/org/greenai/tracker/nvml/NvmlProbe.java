package org.greenai.tracker.nvml;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

import org.greenai.tracker.nvml.jna.NvmlDevice;
import org.greenai.tracker.nvml.jna.NvmlFieldValue;
import org.greenai.tracker.nvml.jna.NvmlLibrary;
import org.greenai.tracker.spi.ChannelSpec;
import org.greenai.tracker.spi.Probe;
import org.greenai.tracker.spi.Readings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the selected GPUs: one channel per GPU, either NVML's energy counter or a power reading.
 *
 * <p>Each read reuses per-channel buffers and allocates nothing itself. A lost GPU is reported once through
 * {@link Readings#lost} and not read again; any other failure is a skipped sample ({@link Readings#failed}),
 * logged once per channel and return code at debug level. Not for concurrent reads (the tracker never does);
 * {@link #close()} shuts NVML down exactly once.
 */
final class NvmlProbe implements Probe {

    private static final Logger LOG = LoggerFactory.getLogger(NvmlProbe.class);

    /** How a channel is read. */
    enum Method {
        /** {@code nvmlDeviceGetTotalEnergyConsumption}, millijoules. */
        ENERGY_COUNTER("nvmlDeviceGetTotalEnergyConsumption"),
        /** {@code nvmlDeviceGetFieldValues} with {@code NVML_FI_DEV_POWER_INSTANT}, milliwatts. */
        POWER_INSTANT_FIELD("nvmlDeviceGetFieldValues"),
        /** {@code nvmlDeviceGetPowerUsage}, milliwatts. */
        POWER_USAGE("nvmlDeviceGetPowerUsage");

        final String function;

        Method(String function) {
            this.function = function;
        }
    }

    /** The native side of one readable channel, with its reusable buffers. */
    static final class Source {
        final int channel;
        final Method method;
        final NvmlDevice device;
        final String label;
        final LongByReference energyMillijoules = new LongByReference();
        final IntByReference powerMilliwatts = new IntByReference();
        final NvmlFieldValue field;
        private final boolean[] failureLogged = new boolean[NvmlReturn.values().length];
        private boolean lost;

        /**
         * @param channel index in the probe's channel list
         * @param label   e.g. {@code gpu:0 (GPU-...)}, for log lines
         */
        Source(int channel, Method method, NvmlDevice device, String label) {
            this.channel = channel;
            this.method = Objects.requireNonNull(method, "method");
            this.device = Objects.requireNonNull(device, "device");
            this.label = Objects.requireNonNull(label, "label");
            this.field = method == Method.POWER_INSTANT_FIELD
                    ? NvmlFieldValue.forField(NvmlLibrary.NVML_FI_DEV_POWER_INSTANT)
                    : null;
        }
    }

    private final Nvml nvml;
    private final List<ChannelSpec> channels;
    private final Source[] sources;
    private final Clock wallClock;
    private final AtomicBoolean closed = new AtomicBoolean();

    NvmlProbe(Nvml nvml, List<ChannelSpec> channels, List<Source> sources, Clock wallClock) {
        this.nvml = Objects.requireNonNull(nvml, "nvml");
        this.channels = List.copyOf(channels);
        this.sources = sources.toArray(new Source[0]);
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    @Override
    public List<ChannelSpec> channels() {
        return channels;
    }

    @Override
    public void read(Readings readings) {
        boolean isClosed = closed.get();
        for (Source source : sources) {
            if (source.lost) {
                continue;
            }
            if (isClosed) {
                readings.failed(source.channel);
                continue;
            }
            try {
                readOne(source, readings);
            } catch (RuntimeException | LinkageError e) {
                readings.failed(source.channel);
                logFailureOnce(source, NvmlReturn.UNKNOWN, e.toString());
            }
        }
    }

    private void readOne(Source source, Readings readings) {
        NvmlReturn code;
        switch (source.method) {
            case ENERGY_COUNTER:
                code = nvml.readTotalEnergyConsumption(source.device, source.energyMillijoules);
                if (code == NvmlReturn.SUCCESS) {
                    readings.counter(source.channel, source.energyMillijoules.getValue());
                    return;
                }
                break;
            case POWER_INSTANT_FIELD:
                code = nvml.readFieldValue(source.device, source.field);
                if (code == NvmlReturn.SUCCESS) {
                    readings.power(source.channel, source.field.valueAsDouble() / 1000.0);
                    return;
                }
                break;
            case POWER_USAGE:
                code = nvml.readPowerUsage(source.device, source.powerMilliwatts);
                if (code == NvmlReturn.SUCCESS) {
                    readings.power(source.channel, Integer.toUnsignedLong(source.powerMilliwatts.getValue()) / 1000.0);
                    return;
                }
                break;
            default:
                throw new IllegalStateException("unknown method " + source.method);
        }
        if (code.isDeviceLost()) {
            source.lost = true;
            String reason = "GPU lost (" + code.cName() + ") at " + Instant.now(wallClock)
                    + "; its energy up to the last good sample is kept";
            LOG.warn("{}: {}", source.label, reason);
            readings.lost(source.channel, reason);
        } else {
            readings.failed(source.channel);
            logFailureOnce(source, code, null);
        }
    }

    private static void logFailureOnce(Source source, NvmlReturn code, String detail) {
        if (source.failureLogged[code.ordinal()]) {
            return;
        }
        source.failureLogged[code.ordinal()] = true;
        LOG.debug("{}: {} returned {}{}; sample skipped (logged once per code)", source.label,
                source.method.function, code.cName(), detail == null ? "" : " (" + detail + ")");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            nvml.shutdown();
        } catch (NvmlException e) {
            LOG.warn("NVML shutdown: {}", e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("NVML shutdown failed: {}", e.toString());
        }
    }
}
