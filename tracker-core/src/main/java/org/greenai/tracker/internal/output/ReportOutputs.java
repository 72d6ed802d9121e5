package org.greenai.tracker.internal.output;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.greenai.tracker.Channel;
import org.greenai.tracker.internal.accounting.IntensityLookup;
import org.greenai.tracker.internal.config.Secrets;
import org.greenai.tracker.internal.config.TrackerConfig;
import org.greenai.tracker.report.EnergyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's outputs and the checkpointer that feeds them. The final report goes to every output in registration
 * order; checkpoints are built on the sampler thread (the totals of that instant) and written by one daemon
 * writer thread, so a slow or stalled disk never holds up sampling. A checkpoint never overwrites the final report:
 * both are written under one lock, and a checkpoint finds the tracker closed and writes nothing.
 */
public final class ReportOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerConfig.LOGGER);

    private final ReportAssembler assembler;
    private final BooleanSupplier closed;
    private final Secrets secrets;
    private final List<Output> outputs;
    private final boolean checkpointed;
    /** Orders checkpoint writes before the final report. */
    private final Object writeLock = new Object();
    /** Writes the checkpoints: one daemon thread, started at the first checkpoint, stopped by {@link #finish}. */
    private final ExecutorService checkpointWriter;
    /** Set while a checkpoint handed to {@link #checkpointWriter} is not written yet. */
    private final AtomicBoolean checkpointWriting = new AtomicBoolean();
    /** True while checkpoints fail: the failure is logged once, not at every checkpoint. Under {@link #writeLock}. */
    private boolean checkpointFailing;

    /**
     * The standard outputs of a run: the report files in the configured output directory (none when reports are
     * disabled: JSON report, which also takes the checkpoints, model card, ledger row), then the summary line.
     */
    public static List<Output> standard(TrackerConfig config, Secrets secrets, Duration ledgerLockTimeout) {
        List<Output> outputs = new ArrayList<>();
        config.outputDirectory().ifPresent(dir -> outputs.addAll(FileOutputs.in(dir, config.runId(), ledgerLockTimeout)));
        outputs.add(new SummaryLine(secrets));
        return outputs;
    }

    /**
     * @param outputs the outputs registered at start, in the order they get the final report
     * @param closed  whether the tracker's close has begun
     */
    public ReportOutputs(String runId, ReportAssembler assembler, BooleanSupplier closed, Secrets secrets,
                         List<Output> outputs) {
        this.assembler = assembler;
        this.closed = closed;
        this.secrets = secrets;
        this.outputs = List.copyOf(outputs);
        this.checkpointed = takeCheckpoints(this.outputs);
        String writerName = "greenai-checkpoint-" + runId;
        this.checkpointWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, writerName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether one of {@code outputs} takes checkpoints, so that the sampler is to run {@link #checkpointInBackground()}. */
    public static boolean takeCheckpoints(List<Output> outputs) {
        return outputs.stream().anyMatch(Output::takesCheckpoints);
    }

    /** Logs the line that says a run started. */
    public void logStart(String runId, String project, List<Channel> channels, IntensityLookup carbon) {
        LOG.info(secrets.apply(SummaryLine.start(runId, project, channels, carbon)));
    }

    /**
     * Hands the final report to every output, then stops the checkpoint writer (a checkpoint still queued finds
     * the tracker closed and writes nothing). Never throws for I/O.
     */
    public void finish(EnergyReport report) {
        List<Output.Delivery> done = new ArrayList<>();
        synchronized (writeLock) {
            for (Output o : outputs) {
                if (o.writesFiles()) {
                    done.add(deliver(o, report, done));
                }
            }
        }
        checkpointWriter.shutdown();
        for (Output o : outputs) {
            if (!o.writesFiles()) {
                done.add(deliver(o, report, done));
            }
        }
    }

    private Output.Delivery deliver(Output o, EnergyReport report, List<Output.Delivery> earlier) {
        try {
            return o.deliver(report, List.copyOf(earlier));
        } catch (RuntimeException e) {
            String why = secrets.apply(e.toString());
            LOG.error("GreenAI could not deliver the {} to {}: {}", o.kind(), secrets.apply(o.target()), why);
            return new Output.Delivery(o.kind(), false, o.kind() + " NOT written (" + why + ")");
        }
    }

    /** Stops the checkpoint writer without writing anything: the run failed to start. */
    public void abandon() {
        checkpointWriter.shutdown();
    }

    /** For tests: the lock held while a report or checkpoint is written (holding it stalls those writes). */
    public Object writeLock() {
        return writeLock;
    }

    /** Writes a checkpoint now, on the calling thread. A failure is logged once, until a checkpoint succeeds again. */
    public void checkpointNow() {
        EnergyReport checkpoint = checkpointReport();
        if (checkpoint != null) {
            writeCheckpoint(checkpoint);
        }
    }

    /**
     * The sampler's checkpoint, every checkpoint interval: built here, written by the writer thread. While the
     * previous checkpoint is still being written, this one is dropped (the next one has newer totals).
     */
    public void checkpointInBackground() {
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
        if (!checkpointed || closed.getAsBoolean()) {
            return null;
        }
        return assembler.build(EnergyReport.Status.INTERRUPTED, assembler.nanoTime(), assembler.wallTimeMillis(),
                Map.of());
    }

    /**
     * Adds the hardware description (computed once, with OSHI: never on the sampler thread) and writes the
     * checkpoint, unless the final report is being or has been written.
     */
    private void writeCheckpoint(EnergyReport checkpoint) {
        EnergyReport withHardware = ReportAssembler.withHardware(checkpoint, assembler.hardware());
        synchronized (writeLock) {
            if (closed.getAsBoolean()) {
                return; // the final report is being (or has been) written
            }
            for (Output o : outputs) {
                if (o.takesCheckpoints()) {
                    writeCheckpoint(o, withHardware);
                }
            }
        }
    }

    private void writeCheckpoint(Output o, EnergyReport report) {
        try {
            o.checkpoint(report);
            if (checkpointFailing) {
                checkpointFailing = false;
                LOG.info("GreenAI checkpoints to {} work again", o.target());
            }
        } catch (IOException | RuntimeException e) {
            if (!checkpointFailing) {
                checkpointFailing = true;
                LOG.warn("GreenAI checkpoint to {} failed: {}; sampling goes on, the totals stay in memory, and "
                        + "further failures are not logged until a checkpoint succeeds", o.target(),
                        FileOutputs.describe(e));
            } else {
                LOG.debug("GreenAI checkpoint to {} failed again: {}", o.target(), e.toString());
            }
        }
    }
}
