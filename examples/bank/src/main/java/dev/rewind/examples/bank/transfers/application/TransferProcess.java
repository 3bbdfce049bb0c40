package dev.rewind.examples.bank.transfers.application;

import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.process.ProcessManager;
import dev.rewind.core.projection.ErrorPolicy;
import dev.rewind.core.process.Reactions;
import dev.rewind.examples.bank.accounts.domain.AccountClosedException;
import dev.rewind.examples.bank.accounts.domain.InsufficientFunds;
import dev.rewind.examples.bank.accounts.domain.ReceiveTransfer;
import dev.rewind.examples.bank.accounts.domain.RefundTransfer;
import dev.rewind.examples.bank.accounts.domain.SendTransfer;
import dev.rewind.examples.bank.accounts.domain.TransferReference;
import dev.rewind.examples.bank.transfers.domain.CompleteTransfer;
import dev.rewind.examples.bank.transfers.domain.FailTransfer;
import dev.rewind.examples.bank.transfers.domain.RecordDebit;
import dev.rewind.examples.bank.transfers.domain.TimeOutTransfer;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferDebited;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import dev.rewind.examples.bank.transfers.domain.TransferTimedOut;
import java.time.Duration;

/**
 * Moves a transfer's money. On a request it sets a deadline and debits the source; on the debit it credits the
 * destination; a refused debit or credit fails the transfer, and a failed transfer that had been debited refunds
 * the source. If the source has not been debited when the deadline passes, the transfer fails with the timeout as
 * its reason; once debited, it completes (or fails only if the destination refuses the credit).
 *
 * <p>The transfer's state lives in the {@code Transfer} aggregate; this class only turns events into commands.
 * Every step is idempotent, so a step repeated after a crash moves no money twice.
 */
public final class TransferProcess extends ProcessManager {

    /** How long a transfer may wait for its debit before it gives up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A process named {@code transfer-process}. */
    public TransferProcess() {
        super("transfer-process");
        when(TransferRequested.class, this::debit);
        when(TransferDebited.class, this::credit);
        when(TransferCompleted.class, (e, react) -> react.cancel(deadline(e.transferId())));
        when(TransferFailed.class, this::refund);
        when(TransferTimedOut.class, (e, react) -> react.send(new TimeOutTransfer(e.transferId(),
                "the source account was not debited within " + TIMEOUT.toSeconds() + " s")));
    }

    /**
     * Retries a failing reaction up to 10 times, waiting 0.1 s, then twice as long each time (about 100 s in all),
     * so that a store or a write side out of reach for a while holds transfers up instead of stopping the process.
     */
    @Override
    public ErrorPolicy errorPolicy() {
        return new ErrorPolicy(10, Duration.ofMillis(100));
    }

    private void debit(TransferRequested request, Reactions react) {
        react.schedule(deadline(request.transferId()), TIMEOUT, new TransferTimedOut(request.transferId()));
        try {
            react.send(new SendTransfer(request.from(), reference(request.transferId()), request.amountCents()));
        } catch (InsufficientFunds | AccountClosedException | AggregateNotFoundException refused) {
            react.send(new FailTransfer(request.transferId(), refused.getMessage()));
            return;
        }
        react.send(new RecordDebit(request.transferId()));
    }

    private void credit(TransferDebited debited, Reactions react) {
        try {
            react.send(new ReceiveTransfer(debited.to(), reference(debited.transferId()), debited.amountCents()));
        } catch (AccountClosedException | AggregateNotFoundException refused) {
            react.send(new FailTransfer(debited.transferId(), refused.getMessage()));
            return;
        }
        react.send(new CompleteTransfer(debited.transferId()));
    }

    private void refund(TransferFailed failed, Reactions react) {
        react.cancel(deadline(failed.transferId()));
        if (failed.refundCents() > 0) {
            react.send(new RefundTransfer(failed.refundTo(), reference(failed.transferId()), failed.refundCents()));
        }
    }

    private static String deadline(TransferId transferId) {
        return "transfer-" + transferId.value();
    }

    private static TransferReference reference(TransferId transferId) {
        return new TransferReference(transferId.value());
    }
}
