package dev.rewind.examples.bank.transfers.application;

import dev.rewind.core.serialization.EventTypes;
import dev.rewind.examples.bank.transfers.domain.TransferCompleted;
import dev.rewind.examples.bank.transfers.domain.TransferDebited;
import dev.rewind.examples.bank.transfers.domain.TransferFailed;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import dev.rewind.examples.bank.transfers.domain.TransferTimedOut;

/** The stable names transfer events are stored under. Never change a name; add a version and an upcaster. */
public final class TransferEvents {

    /** Every transfer event type. */
    public static final EventTypes TYPES = EventTypes.builder()
            .add("TransferRequested.v1", TransferRequested.class)
            .add("TransferDebited.v1", TransferDebited.class)
            .add("TransferCompleted.v1", TransferCompleted.class)
            .add("TransferFailed.v1", TransferFailed.class)
            .add("TransferTimedOut.v1", TransferTimedOut.class)
            .build();

    private TransferEvents() {
    }
}
