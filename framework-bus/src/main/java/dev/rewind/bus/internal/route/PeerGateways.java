package dev.rewind.bus.internal.route;

import dev.rewind.bus.command.ZmqCommandGateway;
import dev.rewind.core.command.CommandBus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One {@link ZmqCommandGateway} per other write side, opened on first use and closed when it fails or at the end. */
public final class PeerGateways implements Peers, AutoCloseable {

    private final Function<String, ZmqCommandGateway> connect;
    private final Map<String, ZmqCommandGateway> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Connects with {@code connect} (address to gateway). */
    public PeerGateways(Function<String, ZmqCommandGateway> connect) {
        this.connect = connect;
    }

    @Override
    public CommandBus at(String address) {
        if (closed) {
            throw new IllegalStateException("The routing command bus is closed; build a new one to send commands.");
        }
        return open.computeIfAbsent(address, connect);
    }

    @Override
    public void drop(String address, CommandBus peer) {
        if (peer instanceof ZmqCommandGateway gateway && open.remove(address, gateway)) {
            gateway.close();
        }
    }

    /** Closes every connection; commands waiting on them fail. */
    @Override
    public void close() {
        closed = true;
        open.values().forEach(ZmqCommandGateway::close);
        open.clear();
    }
}
