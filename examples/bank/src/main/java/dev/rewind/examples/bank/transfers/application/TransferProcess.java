package dev.rewind.examples.bank.transfers.application;

import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.projection.Projector;
import dev.rewind.examples.bank.accounts.domain.AccountClosedException;
import dev.rewind.examples.bank.accounts.domain.InsufficientFunds;
import dev.rewind.examples.bank.accounts.domain.ReceiveTransfer;
import dev.rewind.examples.bank.accounts.domain.RefundTransfer;
import dev.rewind.examples.bank.accounts.domain.SendTransfer;
import dev.rewind.examples.bank.accounts.domain.TransferReference;
import dev.rewind.examples.bank.transfers.domain.CompleteTransfer;
import dev.rewind.examples.bank.transfers.domain.FailTransfer;
import dev.rewind.examples.bank.transfers.domain.RecordDebit;
import dev.rewind.examples.bank.transfers.domain.TransferDebited;
import dev.rewind.examples.bank.transfers.domain.TransferId;
import dev.rewind.examples.bank.transfers.domain.TransferRequested;
import java.util.Objects;

/**
 * Moves a transfer's money by reacting to its events with commands: on a request it debits the source, then
 * records the debit; on the debit it credits the destination, then completes the transfer; a refused debit fails the
 * transfer, a refused credit refunds the source and fails it.
 *
 * <p>Every step is idempotent (an account pays, receives and refunds each transfer once; a transfer records each
 * stage once), so this reactor runs at-least-once from its checkpoint and a step repeated after a crash moves no
 * money twice. It is a stand-in for the framework's process managers and has no deadline yet: a transfer whose
 * accounts never answer stays pending.
 */
public final class TransferProcess extends Projector {

    private final CommandBus commands;

    /** A process named {@code transfer-process} that sends its commands to the given bus. */
    public TransferProcess(CommandBus commands) {
        super("transfer-process");
        this.commands = Objects.requireNonNull(commands, "commands must not be null");
        on(TransferRequested.class, this::debit);
        on(TransferDebited.class, this::credit);
    }

    private void debit(TransferRequested request) {
        try {
            commands.send(new SendTransfer(request.from(), reference(request.transferId()), request.amountCents()));
        } catch (InsufficientFunds | AccountClosedException | AggregateNotFoundException refused) {
            commands.send(new FailTransfer(request.transferId(), refused.getMessage()));
            return;
        }
        commands.send(new RecordDebit(request.transferId()));
    }

    private void credit(TransferDebited debited) {
        TransferReference reference = reference(debited.transferId());
        try {
            commands.send(new ReceiveTransfer(debited.to(), reference, debited.amountCents()));
        } catch (AccountClosedException | AggregateNotFoundException refused) {
            commands.send(new RefundTransfer(debited.from(), reference, debited.amountCents()));
            commands.send(new FailTransfer(debited.transferId(), refused.getMessage() + "; the money was refunded"));
            return;
        }
        commands.send(new CompleteTransfer(debited.transferId()));
    }

    private static TransferReference reference(TransferId transferId) {
        return new TransferReference(transferId.value());
    }
}
