package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A bare DEALER socket for protocol tests: sends raw frames and receives raw replies, on the test's thread only. */
public final class RawClient implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final ZMQ.Socket socket;

    public RawClient(String endpoint) {
        socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
        socket.setReceiveTimeOut(5_000);
        socket.connect(endpoint);
    }

    public void send(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next reply, or null after the receive timeout. */
    public List<byte[]> receive() {
        return Frames.receive(socket, 0);
    }

    public List<byte[]> call(byte[]... frames) {
        send(List.of(frames));
        return receive();
    }

    public static byte[] text(String text) {
        return text.getBytes(UTF_8);
    }

    public static List<String> texts(List<byte[]> frames) {
        List<String> texts = new ArrayList<>();
        frames.forEach(frame -> texts.add(new String(frame, UTF_8)));
        return texts;
    }

    @Override
    public void close() {
        context.close();
    }
}
