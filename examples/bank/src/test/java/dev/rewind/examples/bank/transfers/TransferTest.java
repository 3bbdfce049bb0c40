package dev.rewind.examples.bank.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.core.testing.AggregateFixture;
import dev.rewind.examples.bank.accounts.domain.AccountId;
import dev.rewind.examples.bank.transfers.application.TransferEvents;
import dev.rewind.examples.bank.transfers.domain.CompleteTransfer;
import dev.rewind.examples.bank.transfers.domain.FailTransfer;
import dev.rewind.examples.bank.transfers.domain.RecordDebit;
import dev.rewind.examples.bank.transfers.domain.RequestTransfer;
import dev.rewind.examples.bank.transfers.domain.TimeOutTransfer;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferDebited;
import dev.rewind.examples.bank.transfers.domain.TransferEvent;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TransferTest {

    private static final TransferId T1 = new TransferId("t1");
    private static final AccountId ADA = new AccountId("ada");
    private static final AccountId BOB = new AccountId("bob");
    private static final TransferRequested REQUESTED = new TransferRequested(T1, ADA, BOB, 250);
    private static final TransferDebited DEBITED = new TransferDebited(T1, ADA, BOB, 250);

    private final AggregateFixture transfers = AggregateFixture.of(new TransfersModule());

    @Test
    void a_request_records_who_pays_whom_how_much() {
        transfers.when(new RequestTransfer(T1, ADA, BOB, 250)).thenEvents(REQUESTED);
    }

    @Test
    void the_debit_repeats_the_request_and_is_recorded_once() {
        transfers.given(REQUESTED).when(new RecordDebit(T1)).thenEvents(DEBITED);
        transfers.given(REQUESTED, DEBITED).when(new RecordDebit(T1)).thenNoEvents();
    }

    @Test
    void a_debited_transfer_completes_once() {
        transfers.given(REQUESTED, DEBITED).when(new CompleteTransfer(T1)).thenEvents(new TransferCompleted(T1));
        transfers.given(REQUESTED, DEBITED, new TransferCompleted(T1)).when(new CompleteTransfer(T1)).thenNoEvents();
    }

    @Test
    void a_transfer_that_was_never_debited_cannot_complete() {
        transfers.given(REQUESTED).when(new CompleteTransfer(T1))
                .thenThrows(IllegalStateException.class, "cannot complete: it is REQUESTED");
    }

    @Test
    void a_transfer_fails_with_its_reason_until_it_has_ended() {
        transfers.given(REQUESTED).when(new FailTransfer(T1, "no money"))
                .thenEvents(new TransferFailed(T1, "no money", ADA, 0));
        transfers.given(REQUESTED, DEBITED, new TransferCompleted(T1)).when(new FailTransfer(T1, "late"))
                .thenNoEvents();
        transfers.given(REQUESTED, new TransferFailed(T1, "no money", ADA, 0)).when(new FailTransfer(T1, "again"))
                .thenNoEvents();
    }

    @Test
    void a_debited_transfer_that_fails_owes_the_payer_a_refund() {
        transfers.given(REQUESTED, DEBITED).when(new FailTransfer(T1, "Account bob is closed"))
                .thenEvents(new TransferFailed(T1, "Account bob is closed", ADA, 250));
    }

    @Test
    void a_timeout_fails_a_transfer_not_yet_debited_and_leaves_a_debited_one_to_complete() {
        transfers.given(REQUESTED).when(new TimeOutTransfer(T1, "too slow"))
                .thenEvents(new TransferFailed(T1, "too slow", ADA, 0));
        transfers.given(REQUESTED, DEBITED).when(new TimeOutTransfer(T1, "too slow")).thenNoEvents();
        transfers.given(REQUESTED, DEBITED).when(new CompleteTransfer(T1)).thenEvents(new TransferCompleted(T1));
    }

    @Test
    void every_transfer_event_has_a_stable_type_name() {
        for (Class<?> type : TransferEvent.class.getPermittedSubclasses()) {
            assertThat(TransferEvents.TYPES.nameOf(type)).as(type.getSimpleName()).isPresent();
        }
    }
}
