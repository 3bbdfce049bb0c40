package dev.rewind.bus.internal.hub;

import static dev.rewind.bus.RawClient.text;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CurveClientKeys;
import dev.rewind.bus.CurveServerKeys;
import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.RawClient;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.command.ZmqCommandServer;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.internal.command.CommandHandlers;
import dev.rewind.core.internal.command.LocalCommandBus;
import dev.rewind.core.serialization.EventTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Raw TCP peers that speak broken ZMTP below ZeroMQ's framing (jeromq#1005: a long frame with a negative size made
 * JeroMQ's I/O thread spin for good). Each connection must be dropped by the server, which keeps serving.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class HubRawPeerTest {

    /** How long a server may take to drop a broken connection. */
    private static final int DROP_MILLIS = 3_000;
    private static final int CONNECTIONS = 2_100;
    /** The issue's long frame (flags {@code 0xea}) with a negative 8-byte size. */
    public static final byte[] ISSUE_FRAME = HexFormat.of().parseHex("eaf7267569ad295086");

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void the_issue_bytes_on_the_request_port_drop_that_connection_and_the_hub_keeps_answering_ping()
            throws Exception {
        // given
        InMemoryEventStore backend = open(new InMemoryEventStore());
        Hub hub = open(Hub.start(backend, HubConfig.loopback()));
        byte[] greeting = greeting("NULL");
        greeting[40] ^= 0x20; // the issue's one flipped filler byte
        // when: sent once, and the connection kept open
        try (Socket peer = connect(port(hub.endpoint()))) {
            OutputStream out = peer.getOutputStream();
            out.write(greeting);
            out.write(ISSUE_FRAME);
            out.flush();
            // then: the hub drops the connection and still answers
            assertThat(closedByServer(peer)).as("the hub closed the broken connection").isTrue();
        }
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(),
                hub.publishEndpoint()).withRequestTimeout(Duration.ofSeconds(5)))) {
            assertThat(client.ping()).isEqualTo("rewind-bus/1");
        }
        assertThat(backend.headPosition()).isZero();
    }

    @Test
    void thousands_of_broken_raw_connections_are_dropped_on_every_port_and_change_nothing(@TempDir Path folder)
            throws Exception {
        // given: a plain hub with the Rewind endpoints, a CURVE hub and a command server
        // a fixed default keeps CI repeatable; -Drewind.fuzz.seed=<n> tries others
        long seed = Long.getLong("rewind.fuzz.seed", 14);
        Random random = new Random(seed);
        InMemoryEventStore plainStore = open(new InMemoryEventStore());
        Hub plain = open(Hub.start(plainStore, HubConfig.loopback().withRewind("tcp://127.0.0.1:*",
                "tcp://127.0.0.1:*")));
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair allowed = ZMQ.Curve.generateKeyPair();
        InMemoryEventStore curveStore = open(new InMemoryEventStore());
        Hub curve = open(Hub.start(curveStore, HubConfig.loopback().withCurve(curveKeys(folder, server, allowed))));
        ZmqCommandServer commands = open(ZmqCommandServer.start(new LocalCommandBus(CommandHandlers.builder()
                .build()), EventTypes.builder().build(), new ObjectMapper(), "tcp://127.0.0.1:*"));
        Map<String, String> targets = Map.of("hub requests", plain.endpoint(), "hub events", plain.publishEndpoint(),
                "Rewind queries", plain.rewindQueryEndpoint(), "Rewind stream", plain.rewindStreamEndpoint(),
                "CURVE hub requests", curve.endpoint(), "CURVE hub events", curve.publishEndpoint(),
                "command server", commands.endpoint());
        List<String> names = targets.keySet().stream().sorted().toList();
        // when: each connection sends a ZMTP-shaped greeting and frames, half-closes and waits to be dropped
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS && kept.size() < 3; i++) {
            String name = names.get(i % names.size());
            byte[] bytes = brokenConnection(random, name.contains("CURVE"));
            try (Socket peer = connect(port(targets.get(name)))) {
                OutputStream out = peer.getOutputStream();
                out.write(bytes);
                out.flush();
                peer.shutdownOutput();
                if (!closedByServer(peer)) {
                    kept.add("connection " + i + " to the " + name + " sent " + HexFormat.of().formatHex(bytes));
                }
            }
        }
        // then: every connection was dropped, each server still answers, and nothing was stored
        assertThat(kept).as("connections not dropped within " + DROP_MILLIS + " ms (seed " + seed + ")").isEmpty();
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(plain.endpoint(),
                plain.publishEndpoint()).withRequestTimeout(Duration.ofSeconds(5)))) {
            assertThat(client.ping()).as("plain hub PING (seed " + seed + ")").isEqualTo("rewind-bus/1");
        }
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(curve.endpoint(),
                curve.publishEndpoint()).withRequestTimeout(Duration.ofSeconds(5))
                .withCurve(new CurveClientKeys(server.publicKey, allowed.publicKey, allowed.secretKey)))) {
            assertThat(client.ping()).as("CURVE hub PING (seed " + seed + ")").isEqualTo("rewind-bus/1");
        }
        // JeroMQ 0.6.0's REP can lose the one request that follows a peer dropped while its multipart message was
        // being read (seed 6690679317063 shows it about half the time); the next request is answered, as a client
        // that retries after its timeout sees
        assertThat(rewindQueryWithOneRetry(plain.rewindQueryEndpoint())).as("Rewind QUERY reply (seed " + seed + ")")
                .isNotEqualTo("no reply");
        try (RawClient raw = new RawClient(commands.endpoint())) {
            List<byte[]> reply = raw.call(text("probe"));
            assertThat(reply).as("command server reply (seed " + seed + ")").isNotNull();
            assertThat(RawClient.texts(reply)).as("seed " + seed).contains("probe", "INVALID_REQUEST");
        }
        for (InMemoryEventStore store : List.of(plainStore, curveStore)) {
            assertThat(store.headPosition()).as("stored events (seed " + seed + ")").isZero();
            assertThat(store.readAll(1, 10, EventFilter.all())).as("seed " + seed).isEmpty();
        }
    }

    /** A ZMTP 3 greeting (signature, version 3.1, mechanism, as-server 0, zero filler). */
    public static byte[] greeting(String mechanism) {
        ByteBuffer greeting = ByteBuffer.allocate(64);
        greeting.put((byte) 0xff).put(new byte[8]).put((byte) 0x7f).put((byte) 3).put((byte) 1);
        byte[] name = mechanism.getBytes(US_ASCII);
        greeting.put(name).put(new byte[20 - name.length]);
        return greeting.array();
    }

    /** A greeting mutated in its signature, version, mechanism or filler, then a few frames of any size field. */
    private static byte[] brokenConnection(Random random, boolean curve) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] mechanisms = {"NULL", "CURVE", "PLAIN", curve ? "CURVE" : "NULL"};
        byte[] greeting = greeting(mechanisms[random.nextInt(mechanisms.length)]);
        greeting[11] = (byte) random.nextInt(2); // 3.0 or 3.1
        if (random.nextInt(4) == 0) {
            random.nextBytes(greeting); // not even the mechanism is known
            greeting[0] = (byte) 0xff;
            greeting[9] = (byte) 0x7f;
            greeting[10] = 3;
        }
        byte[] filler = new byte[31];
        random.nextBytes(filler);
        System.arraycopy(filler, 0, greeting, 33, filler.length);
        if (random.nextInt(20) == 0) {
            greeting[random.nextInt(10)] ^= (byte) (1 + random.nextInt(255)); // a broken signature
        }
        out.write(greeting, 0, random.nextInt(10) == 0 ? random.nextInt(64) : 64);
        for (int frames = random.nextInt(4); frames >= 0; frames--) {
            out.writeBytes(frame(random));
        }
        return out.toByteArray();
    }

    private static byte[] frame(Random random) {
        int flags = random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(8);
        long size = switch (random.nextInt(6)) {
            case 0 -> random.nextLong() | Long.MIN_VALUE; // negative
            case 1 -> Long.MAX_VALUE - random.nextInt(1_000);
            case 2 -> Integer.MAX_VALUE - random.nextInt(1_000);
            case 3 -> random.nextInt(Integer.MAX_VALUE);
            default -> random.nextInt(300);
        };
        ByteBuffer frame = ByteBuffer.allocate(9 + 300);
        frame.put((byte) flags);
        if ((flags & 0x02) != 0) {
            frame.putLong(size);
        } else {
            frame.put((byte) size);
        }
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        frame.put(body);
        return Arrays.copyOf(frame.array(), frame.position());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), DROP_MILLIS);
        socket.setSoTimeout(DROP_MILLIS);
        return socket;
    }

    /** Reads (and discards) what the server sends until it closes the connection; false if it keeps it. */
    private static boolean closedByServer(Socket peer) throws IOException {
        InputStream in = peer.getInputStream();
        byte[] sink = new byte[1024];
        try {
            while (in.read(sink) >= 0) {
                // the server's greeting and handshake replies
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // a reset also means the server dropped the connection
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private static String rewindQueryWithOneRetry(String endpoint) {
        String reply = rewindQuery(endpoint);
        return reply.equals("no reply") ? rewindQuery(endpoint) : reply;
    }

    private static String rewindQuery(String endpoint) {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket req = context.createSocket(SocketType.REQ);
            req.setLinger(0);
            req.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
            req.setReceiveTimeOut(5_000);
            req.connect(endpoint);
            req.send(text("QUERY"), ZMQ.SNDMORE);
            req.send(text("00000000-0000-0000-0000-000000000000"), 0);
            List<byte[]> reply = Frames.receive(req, 0);
            return reply == null ? "no reply" : new String(reply.get(reply.size() - 1), UTF_8);
        }
    }

    private static CurveServerKeys curveKeys(Path folder, ZMQ.Curve.KeyPair server, ZMQ.Curve.KeyPair allowed)
            throws IOException {
        Path secret = folder.resolve("hub.key");
        Files.writeString(secret, "public-key = \"" + server.publicKey + "\"\nsecret-key = \"" + server.secretKey
                + "\"\n", UTF_8);
        Path clients = folder.resolve("allowed.txt");
        Files.writeString(clients, allowed.publicKey + "\n", UTF_8);
        return CurveServerKeys.read(secret, clients);
    }

    private static int port(String endpoint) {
        return URI.create(endpoint).getPort();
    }

    private <T extends AutoCloseable> T open(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
