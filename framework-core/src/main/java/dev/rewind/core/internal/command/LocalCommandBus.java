package dev.rewind.core.internal.command;

import dev.rewind.core.internal.metrics.CommandMeters;
import dev.rewind.core.internal.tracing.Tracing;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandInterceptor;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The in-process {@link CommandBus}: runs the interceptors, then the registered handler, on the caller's thread
 * ({@link #send}) or on an executor ({@link #sendAsync}).
 *
 * <p>Every command's events carry its id as causation id, and a correlation id: the one the message brings, or else
 * the command's own id.
 */
public final class LocalCommandBus implements CommandBus {

    private final CommandHandlers handlers;
    private final Executor executor;
    private final CommandInterceptor.Next chain;

    /** A bus with no interceptors, running async commands on the common pool. */
    public LocalCommandBus(CommandHandlers handlers) {
        this(handlers, List.of(), ForkJoinPool.commonPool());
    }

    /** A bus whose interceptors run in list order (the first is outermost). */
    public LocalCommandBus(CommandHandlers handlers, List<CommandInterceptor> interceptors, Executor executor) {
        this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        CommandInterceptor.Next next = this::invokeHandler;
        List<CommandInterceptor> list = List.copyOf(interceptors);
        for (int i = list.size() - 1; i >= 0; i--) {
            CommandInterceptor interceptor = list.get(i);
            CommandInterceptor.Next inner = next;
            next = message -> interceptor.intercept(message, inner);
        }
        this.chain = next;
    }

    @Override
    public CommandResult send(Object command) {
        return send(CommandMessage.of(Objects.requireNonNull(command, "command must not be null")));
    }

    @Override
    public CommandResult send(CommandMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        var metadata = message.metadata().withCausationId(message.commandId().toString());
        if (metadata.correlationId() == null) {
            metadata = metadata.withCorrelationId(message.commandId().toString());
        }
        Class<?> type = message.command().getClass();
        long started = System.nanoTime();
        try (Tracing.Span span = Tracing.get().dispatch(type.getSimpleName(), metadata)) {
            try {
                CommandResult result = chain.proceed(message.withMetadata(span.propagate(metadata)));
                CommandMeters.dispatched(type, System.nanoTime() - started, null);
                return result;
            } catch (RuntimeException | Error e) {
                span.failed(e);
                CommandMeters.dispatched(type, System.nanoTime() - started, e);
                throw e;
            }
        }
    }

    @Override
    public CompletableFuture<CommandResult> sendAsync(Object command) {
        Objects.requireNonNull(command, "command must not be null");
        return CompletableFuture.supplyAsync(() -> send(command), executor);
    }

    private CommandResult invokeHandler(CommandMessage message) {
        return handlers.handlerFor(message.command().getClass()).handle(message.command(), message);
    }
}
