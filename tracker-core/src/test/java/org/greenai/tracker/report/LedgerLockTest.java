package org.greenai.tracker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process-level: the ledger locked by another process is waited for, within a bound, and never corrupted. */
@Timeout(60)
class LedgerLockTest {
    @TempDir
    Path dir;

    @Test
    void appendWaitsWhileAnotherProcessHoldsTheLockThenAppendsOneWholeRow() throws Exception {
        Path ledger = dir.resolve("energy-ledger.csv");
        Process holder = LedgerLockHolder.hold(ledger);
        AtomicReference<Thread> appender = new AtomicReference<>();
        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
            appender.set(Thread.currentThread());
            try {
                Reports.appendToLedger(LedgerConcurrencyTest.report("waited"), ledger, "x.json", Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            // The appender polls the lock: wait until it is seen sleeping between two attempts.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((appender.get() == null || appender.get().getState() != Thread.State.TIMED_WAITING)
                    && !append.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(append).as("no append while the other process holds the lock").isNotDone();
            assertThat(Files.size(ledger)).isZero();
        } finally {
            LedgerLockHolder.release(holder);
        }
        append.get(20, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(ledger);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(String.join(",", Reports.LEDGER_COLUMNS));
        assertThat(lines.get(1)).startsWith("waited,").endsWith(",x.json");
    }

    @Test
    void appendGivesUpClearlyWhenTheLockOutlivesTheTimeoutAndLeavesTheLedgerAsItWas() throws Exception {
        Path ledger = dir.resolve("energy-ledger.csv");
        Reports.appendToLedger(LedgerConcurrencyTest.report("before"), ledger, "x.json");
        byte[] before = Files.readAllBytes(ledger);
        Process holder = LedgerLockHolder.hold(ledger);
        try {
            assertThatThrownBy(() -> Reports.appendToLedger(LedgerConcurrencyTest.report("late"), ledger, "x.json",
                    Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(ledger.toString())
                    .hasMessageContaining("locked by another process for more than 200 ms");
        } finally {
            LedgerLockHolder.release(holder);
        }
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }
}
