package dev.rewind.examples.bank.transfers.application;

import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.examples.bank.transfers.domain.CompleteTransfer;
import dev.rewind.examples.bank.transfers.domain.FailTransfer;
import dev.rewind.examples.bank.transfers.domain.RecordDebit;
import dev.rewind.examples.bank.transfers.domain.RequestTransfer;
import dev.rewind.examples.bank.transfers.domain.TimeOutTransfer;
import dev.rewind.examples.bank.transfers.domain.Transfer;
import dev.rewind.examples.bank.transfers.domain.TransferId;

/** Which transfer command goes where: the one place that says it. Streams are {@code transfer-<id>}. */
public final class TransferCommands {

    /** The names transfer commands travel under between write sides that route commands to each other. */
    public static final EventTypes TYPES = EventTypes.builder()
            .add("RequestTransfer.v1", RequestTransfer.class)
            .add("RecordDebit.v1", RecordDebit.class)
            .add("CompleteTransfer.v1", CompleteTransfer.class)
            .add("FailTransfer.v1", FailTransfer.class)
            .add("TimeOutTransfer.v1", TimeOutTransfer.class)
            .build();

    private TransferCommands() {
    }

    /** Registers the transfer aggregate and its commands. */
    public static void register(ContextBuilder context) {
        context.aggregate(Transfer.class, "transfer", Transfer::new, TransferId::value)
                .onNew(RequestTransfer.class, RequestTransfer::transferId,
                        c -> Transfer.request(c.transferId(), c.from(), c.to(), c.amountCents()))
                .onExisting(RecordDebit.class, RecordDebit::transferId, (transfer, c) -> transfer.recordDebit())
                .onExisting(CompleteTransfer.class, CompleteTransfer::transferId,
                        (transfer, c) -> transfer.complete())
                .onExisting(FailTransfer.class, FailTransfer::transferId, (transfer, c) -> transfer.fail(c.reason()))
                .onExisting(TimeOutTransfer.class, TimeOutTransfer::transferId,
                        (transfer, c) -> transfer.timeOut(c.reason()));
    }
}
