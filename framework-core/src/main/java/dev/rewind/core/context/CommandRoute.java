package dev.rewind.core.context;

import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.internal.command.AggregateCommandHandler;
import dev.rewind.core.internal.command.AggregateLocks;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.ExpectedState;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One registered command of an aggregate: its type, expected state, target id and what the aggregate does (a
 * decision's return value is the command's answer; plain decisions answer null).
 */
record CommandRoute<ID, A extends AggregateRoot<ID, ?>, C>(
        Class<C> commandType,
        ExpectedState expected,
        Function<? super C, ? extends ID> targetId,
        Function<? super C, ? extends A> creator,
        BiFunction<? super A, ? super C, ?> decision) {

    void addTo(CommandHandlers.Builder handlers, AggregateRepository<ID, A> repository, int maxAttempts,
            AggregateLocks locks) {
        handlers.add(commandType, expected == ExpectedState.NEW
                ? AggregateCommandHandler.creating(repository, commandType, targetId, creator, locks)
                : AggregateCommandHandler.changing(repository, commandType, expected, targetId, decision,
                        maxAttempts, locks));
    }
}
