package dev.rewind.examples.bank.transfers;

import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.testing.ProcessFixture;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.accounts.domain.ReceiveTransfer;
import dev.rewind.examples.bank.accounts.domain.RefundTransfer;
import dev.rewind.examples.bank.accounts.domain.SendTransfer;
import dev.rewind.examples.bank.accounts.domain.TransferReference;
import dev.rewind.examples.bank.transfers.application.TransferProcess;
import dev.rewind.examples.bank.transfers.domain.CompleteTransfer;
import dev.rewind.examples.bank.transfers.domain.FailTransfer;
import dev.rewind.examples.bank.transfers.domain.RecordDebit;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferDebited;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import dev.rewind.examples.bank.transfers.domain.TimeOutTransfer;
import dev.rewind.examples.bank.transfers.domain.TransferTimedOut;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TransferProcessTest {

    private static final TransferId T1 = new TransferId("t1");
    private static final TransferReference REF = new TransferReference("t1");
    private static final AccountId ADA = new AccountId("ada");
    private static final AccountId BOB = new AccountId("bob");
    private static final TransferRequested REQUESTED = new TransferRequested(T1, ADA, BOB, 250);
    private static final TransferDebited DEBITED = new TransferDebited(T1, ADA, BOB, 250);

    @Test
    void a_request_debits_the_source_and_sets_a_deadline() {
        ProcessFixture.of(new TransferProcess())
                .given(REQUESTED)
                .thenCommands(new SendTransfer(ADA, REF, 250), new RecordDebit(T1))
                .thenScheduled("transfer-t1", TransferProcess.TIMEOUT, new TransferTimedOut(T1));
    }

    @Test
    void a_refused_debit_fails_the_transfer_with_the_refusal_as_reason() {
        ProcessFixture.of(new TransferProcess())
                .rejecting(new SendTransfer(ADA, REF, 250), new AggregateNotFoundException(SendTransfer.class,
                        "account-ada"))
                .given(REQUESTED)
                .thenCommands(new SendTransfer(ADA, REF, 250), new FailTransfer(T1, "SendTransfer needs an existing"
                        + " aggregate, but stream 'account-ada' does not exist; create it first."));
    }

    @Test
    void the_debit_credits_the_destination_and_completion_cancels_the_deadline() {
        Object[] moved = {new SendTransfer(ADA, REF, 250), new RecordDebit(T1), new ReceiveTransfer(BOB, REF, 250),
            new CompleteTransfer(T1)};
        ProcessFixture.of(new TransferProcess())
                .given(REQUESTED, DEBITED, new TransferCompleted(T1))
                .thenCommands(moved)
                .thenCancelled("transfer-t1")
                .advanceTimeBy(TransferProcess.TIMEOUT.multipliedBy(2))
                .thenCommands(moved);
    }

    @Test
    void a_failure_after_the_debit_refunds_the_source() {
        ProcessFixture.of(new TransferProcess())
                .given(new TransferFailed(T1, "Account bob is closed", ADA, 250))
                .thenCommands(new RefundTransfer(ADA, REF, 250));
        ProcessFixture.of(new TransferProcess())
                .given(new TransferFailed(T1, "no money", ADA, 0))
                .thenCommands();
    }

    @Test
    void a_transfer_whose_deadline_passes_is_timed_out() {
        ProcessFixture.of(new TransferProcess())
                .given(REQUESTED)
                .advanceTimeBy(TransferProcess.TIMEOUT.minusSeconds(1))
                .thenScheduled("transfer-t1", Duration.ofSeconds(1), new TransferTimedOut(T1))
                .advanceTimeBy(Duration.ofSeconds(1))
                .thenFired("transfer-t1")
                .thenCommands(new SendTransfer(ADA, REF, 250), new RecordDebit(T1),
                        new TimeOutTransfer(T1, "the source account was not debited within 30 s"));
    }
}
