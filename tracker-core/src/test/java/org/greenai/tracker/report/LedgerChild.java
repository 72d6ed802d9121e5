package org.greenai.tracker.report;

import java.nio.file.Path;

/** Appends N ledger rows from a separate JVM, for {@link LedgerConcurrencyTest}. */
public final class LedgerChild {
    private LedgerChild() {
    }

    public static void main(String[] args) throws Exception {
        Path ledger = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        for (int i = 0; i < rows; i++) {
            Reports.appendToLedger(LedgerConcurrencyTest.report(args[2] + "-" + i), ledger, "x.json");
        }
    }
}
