package dev.rewind.bus.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.internal.route.CommandRouter;
import dev.rewind.bus.internal.route.HeldPartitions;
import dev.rewind.bus.internal.route.OwnerCheckingBus;
import dev.rewind.bus.internal.route.PeerGateways;
import dev.rewind.bus.internal.route.Partitioning;
import dev.rewind.core.Rewind;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.spi.PartitionLeases;
import dev.rewind.core.spi.PartitionLeases.PartitionLease;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The command bus of a write side that shares the aggregates with other write sides: each aggregate belongs to one
 * partition of lease group {@value #GROUP} (by the hash of its stream id), each partition is held by one live write
 * side under a lease ({@link Rewind#partitionLeases()}, on PostgreSQL shared by every process of the database), and
 * every command runs on the write side holding its aggregate's partition: here, or sent over ZeroMQ (CURVE if
 * configured) to the holder's {@link ZmqCommandServer}. So the commands of one aggregate take turns across processes
 * and do not meet version conflicts in steady state.
 *
 * <p>When partitions move (a write side starts, stops or dies) a command waits for the new holder and is resent
 * with the same command id, so it is applied at most once, up to the configured deadline; then it fails with
 * {@link OwnerUnavailableException}. A command no aggregate handles runs here. A command run here fails with the
 * exception its handler threw; one run elsewhere with a {@link dev.rewind.bus.RemoteCommandException} carrying the
 * remote exception's class name.
 *
 * <pre>{@code
 * try (Rewind rewind = backend.runtime().partitionLeases(backend.partitionLeases()).context(accounts).build().start();
 *         RoutingCommandBus commands = RoutingCommandBus.create(rewind, commandTypes, mapper,
 *                 CommandRoutingConfig.bind("tcp://0.0.0.0:5560").advertise("tcp://10.0.0.7:5560")).start()) {
 *     commands.send(new Deposit(accountId, 100));
 * }
 * }</pre>
 */
public final class RoutingCommandBus implements CommandBus, AutoCloseable {

    /** The lease group whose partitions split the aggregates. */
    public static final String GROUP = "aggregates";

    /** How long handing a partition over waits for the commands running on it here. */
    private static final Duration DRAIN = Duration.ofSeconds(1);

    private final Rewind rewind;
    private final EventTypes commandTypes;
    private final ObjectMapper mapper;
    private final CommandRoutingConfig config;
    private final Partitioning partitioning;
    private final HeldPartitions held;
    private final ExecutorService async = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rewind-command-router");
        thread.setDaemon(true);
        return thread;
    });
    private ZmqCommandServer server;
    private PeerGateways peers;
    private PartitionLeases.Membership membership;
    private volatile CommandRouter router;
    private volatile boolean closed;

    private RoutingCommandBus(Rewind rewind, EventTypes commandTypes, ObjectMapper mapper,
            CommandRoutingConfig config) {
        this.rewind = Objects.requireNonNull(rewind, "rewind must not be null");
        this.commandTypes = Objects.requireNonNull(commandTypes, "commandTypes must not be null");
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        config.addressFor(config.bind());
        this.partitioning = new Partitioning(rewind::targetStream, config.partitions());
        this.held = new HeldPartitions(config.partitions());
    }

    /**
     * A bus routing the runtime's commands, not yet started (no socket, no lease). Command type names come from
     * {@code commandTypes} and payloads are JSON written and read with {@code mapper}, as for
     * {@link ZmqCommandServer}; every write side must use the same names.
     *
     * @throws IllegalArgumentException if the server binds every interface and no address is advertised
     */
    public static RoutingCommandBus create(Rewind rewind, EventTypes commandTypes, ObjectMapper mapper,
            CommandRoutingConfig config) {
        return new RoutingCommandBus(rewind, commandTypes, mapper, config);
    }

    /**
     * Binds the command server and joins group {@value #GROUP} with its address; from now on this write side holds
     * its share of the partitions. Returns this, for try-with-resources.
     *
     * @throws IllegalStateException if the endpoint cannot be bound, or the bus is closed
     * @throws IllegalArgumentException if another write side gives the group another number of partitions
     */
    public synchronized RoutingCommandBus start() {
        if (closed) {
            throw new IllegalStateException("This routing command bus is closed; create a new one.");
        }
        if (router != null) {
            return this;
        }
        server = ZmqCommandServer.start(new OwnerCheckingBus(rewind.commands(), partitioning, held), commandTypes,
                mapper, config.bind(), config.serverCurve());
        try {
            String address = config.addressFor(server.endpoint());
            peers = new PeerGateways(this::connect);
            membership = rewind.partitionLeases().join(GROUP, config.partitions(), address, this::heldChanged);
            router = new CommandRouter(partitioning, held, rewind.commands(), membership::holders,
                    rewind.partitionLeases().memberId(), peers, config.deadline());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private ZmqCommandGateway connect(String address) {
        CommandGatewayConfig gateway = CommandGatewayConfig.of(List.of(address))
                .withTimeout(config.attemptTimeout());
        return ZmqCommandGateway.connect(config.clientCurve() == null ? gateway
                : gateway.withCurve(config.clientCurve()), commandTypes, mapper);
    }

    private void heldChanged(Set<PartitionLease> leases) {
        Set<Integer> now = leases.stream().map(PartitionLease::partition).collect(Collectors.toSet());
        Set<Integer> changed = new HashSet<>(now);
        changed.removeAll(held.held());
        try {
            changed.addAll(held.update(now, DRAIN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!changed.isEmpty()) {
            rewind.evictCachedAggregates(stream -> changed.contains(partitioning.partitionOf(stream)));
        }
    }

    /** The endpoint the command server is bound to, with its actual port. */
    public String endpoint() {
        return started().endpoint();
    }

    private synchronized ZmqCommandServer started() {
        if (router == null || closed) {
            throw new IllegalStateException("The routing command bus is " + (closed ? "closed" : "not started: call"
                    + " start() first") + ".");
        }
        return server;
    }

    /** The partitions of group {@value #GROUP} this write side holds now. */
    public Set<Integer> heldPartitions() {
        return held.held();
    }

    @Override
    public CommandResult send(Object command) {
        return send(CommandMessage.of(Objects.requireNonNull(command, "command must not be null")));
    }

    /**
     * Handles the command on the write side owning its aggregate and returns once its events are committed.
     *
     * @throws OwnerUnavailableException if no owner took it within the deadline (retryable with the same message)
     * @throws dev.rewind.bus.RemoteCommandException if the owning write side refused it
     * @throws IllegalStateException if the bus is not started or is closed
     */
    @Override
    public CommandResult send(CommandMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        CommandRouter current = router;
        if (current == null || closed) {
            started();
        }
        return current.send(message);
    }

    @Override
    public CompletableFuture<CommandResult> sendAsync(Object command) {
        Objects.requireNonNull(command, "command must not be null");
        return CompletableFuture.supplyAsync(() -> send(command), async);
    }

    /**
     * Leaves the group (its partitions move to the other write sides at once, after the commands running here on
     * them), then stops the command server and the connections to the others.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (membership != null) {
            membership.close();
        }
        if (server != null) {
            server.close();
        }
        if (peers != null) {
            peers.close();
        }
        async.shutdown();
    }
}
