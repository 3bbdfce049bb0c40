package dev.rewind.examples.bank.transfers.domain;

import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.examples.bank.accounts.domain.AccountId;

/**
 * A transfer of money between two accounts, from request to its end: requested, then debited, then completed; or
 * failed at any point before completion, owing the paying account a refund if it was debited. A timeout fails only a
 * transfer not yet debited. Every step after the
 * request is idempotent, so the process driving it may repeat a step safely, and a finished transfer never changes.
 */
public final class Transfer extends AggregateRoot<TransferId, TransferEvent> {

    private enum Stage {
        REQUESTED, DEBITED, COMPLETED, FAILED
    }

    private Stage stage;
    private TransferRequested request;

    /** Records a request to move money. */
    public static Transfer request(TransferId id, AccountId from, AccountId to, long amountCents) {
        Transfer transfer = new Transfer();
        transfer.raise(new TransferRequested(id, from, to, amountCents));
        return transfer;
    }

    /** Records the debit of the paying account, unless it is recorded already or the transfer has ended. */
    public void recordDebit() {
        if (stage == Stage.REQUESTED) {
            raise(new TransferDebited(id(), request.from(), request.to(), request.amountCents()));
        }
    }

    /**
     * Records the credit of the receiving account, unless the transfer is completed already.
     *
     * @throws IllegalStateException if the transfer was never debited or has failed: crediting it would make money
     */
    public void complete() {
        if (stage == Stage.DEBITED) {
            raise(new TransferCompleted(id()));
        } else if (stage != Stage.COMPLETED) {
            throw new IllegalStateException("Transfer " + id().value() + " cannot complete: it is " + stage);
        }
    }

    /** Gives the transfer up with a reason, unless it has ended already; money already debited is due back. */
    public void fail(String reason) {
        if (stage == Stage.REQUESTED || stage == Stage.DEBITED) {
            long refund = stage == Stage.DEBITED ? request.amountCents() : 0;
            raise(new TransferFailed(id(), reason, request.from(), refund));
        }
    }

    /**
     * Gives the transfer up because it took too long, if its source has not been debited yet. A debited transfer goes
     * on: its process is crediting the destination, and failing it now could both credit the destination and refund
     * the source.
     */
    public void timeOut(String reason) {
        if (stage == Stage.REQUESTED) {
            fail(reason);
        }
    }

    @Override
    protected void apply(TransferEvent event) {
        if (event instanceof TransferRequested e) {
            stage = Stage.REQUESTED;
            request = e;
        } else if (event instanceof TransferDebited) {
            stage = Stage.DEBITED;
        } else if (event instanceof TransferCompleted) {
            stage = Stage.COMPLETED;
        } else if (event instanceof TransferFailed) {
            stage = Stage.FAILED;
        } else {
            throw new IllegalStateException("Unhandled event " + event);
        }
    }
}
