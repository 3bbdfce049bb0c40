package dev.rewind.bus.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.bus.internal.client.ClientIoLoop;
import dev.rewind.bus.internal.wire.CommandCodec;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.serialization.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.zeromq.ZContext;

/**
 * A {@link CommandBus} that sends every command to a {@link ZmqCommandServer} in another process and returns its
 * result, or throws a {@link RemoteCommandException} saying why it failed (rejected, conflict, no handler, invalid,
 * timeout). Thread-safe; many commands may be in flight on its one connection.
 *
 * <pre>{@code
 * try (ZmqCommandGateway gateway = ZmqCommandGateway.connect("tcp://127.0.0.1:5560", commandTypes, mapper,
 *         Duration.ofSeconds(5))) {
 *     CommandResult result = gateway.send(new Deposit(accountId, 100));
 * }
 * }</pre>
 */
public final class ZmqCommandGateway implements CommandBus, AutoCloseable {

    private final ZContext context = new ZContext();
    private final CommandCodec codec;
    private final Duration timeout;
    private final ClientIoLoop io;
    private final Thread thread;

    private ZmqCommandGateway(CommandGatewayConfig config, CommandCodec codec) {
        this.codec = codec;
        this.timeout = config.timeout();
        this.io = new ClientIoLoop(context, config.endpoints(), config.curve(), "The command gateway");
        this.thread = new Thread(io, "rewind-command-gateway");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Connects to one command server; the first command waits for the connection (up to the timeout). */
    public static ZmqCommandGateway connect(String endpoint, EventTypes commandTypes, ObjectMapper mapper,
            Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        return connect(new CommandGatewayConfig(List.of(endpoint), timeout, null), commandTypes, mapper);
    }

    /**
     * Connects to the command servers of {@code config}, with CURVE if it has keys; the first command waits for a
     * connection (up to the timeout).
     */
    public static ZmqCommandGateway connect(CommandGatewayConfig config, EventTypes commandTypes, ObjectMapper mapper) {
        return new ZmqCommandGateway(Objects.requireNonNull(config, "config must not be null"),
                new CommandCodec(commandTypes, mapper));
    }

    @Override
    public CommandResult send(Object command) {
        return send(CommandMessage.of(command));
    }

    /**
     * Sends a command and waits for its result.
     *
     * @throws RemoteCommandException with the failure's code; {@code TIMEOUT} when no reply came in time
     */
    @Override
    public CommandResult send(CommandMessage message) {
        try {
            return sendAsync(message).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new RemoteCommandException(CommandErrorCode.UNAVAILABLE, "", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCommandException(CommandErrorCode.TIMEOUT, "", "interrupted while waiting for the result");
        }
    }

    @Override
    public CompletableFuture<CommandResult> sendAsync(Object command) {
        return sendAsync(CommandMessage.of(command));
    }

    private CompletableFuture<CommandResult> sendAsync(CommandMessage message) {
        List<byte[]> request = codec.encodeRequest(message);
        ClientIoLoop.Call call = io.call(request);
        return call.reply().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((reply, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof TimeoutException) {
                    io.timedOut(call.id(), "no reply within " + timeout.toMillis() + " ms");
                    throw new RemoteCommandException(CommandErrorCode.TIMEOUT, "", "no reply from "
                            + "the command server within " + timeout.toMillis() + " ms; it may be down or may still"
                            + " have handled " + message.command().getClass().getSimpleName() + " (command id "
                            + message.commandId() + ")");
                }
                io.forget(call.id());
                throw new RemoteCommandException(CommandErrorCode.UNAVAILABLE, "", String.valueOf(cause.getMessage()));
            }
            return CommandCodec.decodeReply(reply);
        });
    }

    /** Closes the connection; commands still waiting fail. */
    @Override
    public void close() {
        io.stop();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
