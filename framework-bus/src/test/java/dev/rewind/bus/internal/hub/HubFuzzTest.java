package dev.rewind.bus.internal.hub;

import static dev.rewind.bus.RawClient.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bus.Hub;
import dev.rewind.bus.HubConfig;
import dev.rewind.bus.RawClient;
import dev.rewind.bus.RemoteEventStore;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.wire.Frames;
import dev.rewind.bus.internal.wire.Protocol;
import dev.rewind.bus.internal.wire.WireCodec;
import dev.rewind.bus.internal.wire.WireWriter;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Throws random and mutated frames at both request endpoints; the hub must answer each and store none of them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(120)
class HubFuzzTest {

    private static final int MESSAGES = 10_000;
    private static final Set<String> CODES = Set.of("CONFLICT", "DUPLICATE_EVENT_ID", "INVALID_REQUEST", "TOO_LARGE",
            "UNKNOWN_REQUEST", "UNAVAILABLE");

    private final Random random = new Random(20261127);
    private final InMemoryEventStore backend = new InMemoryEventStore();
    private final Hub hub = Hub.start(backend, HubConfig.loopback().withRewind("tcp://127.0.0.1:*", null));

    @AfterEach
    void close() {
        hub.close();
        backend.close();
    }

    @Test
    void ten_thousand_bad_native_requests_each_get_an_answer_and_change_nothing() throws Exception {
        // given
        backend.append("base-1", ExpectedVersion.noStream(), List.of(NewEvent.of("Base.v1", text("{}"))));
        try (RawClient raw = new RawClient(hub.endpoint())) {
            // when: sent in windows of 100 pipelined requests
            for (int window = 0; window < MESSAGES / 100; window++) {
                for (int i = 0; i < 100; i++) {
                    List<byte[]> request = new ArrayList<>(nativeGarbage());
                    request.set(0, text("fuzz-" + window + "-" + i));
                    raw.send(request);
                }
                for (int i = 0; i < 100; i++) {
                    List<byte[]> reply = raw.receive();
                    // then: every request is answered with OK or a documented error code
                    assertThat(reply).as("reply " + i + " of window " + window).isNotNull();
                    assertThat(new String(reply.get(0), UTF_8)).startsWith("fuzz-" + window + "-");
                    String status = new String(reply.get(1), UTF_8);
                    assertThat(status).isIn("OK", "ERROR");
                    if (status.equals("ERROR")) {
                        assertThat(new String(reply.get(2), UTF_8)).isIn(CODES);
                    }
                }
            }
        }
        // then: nothing was stored and the hub still serves a real client correctly
        assertThat(backend.headPosition()).isEqualTo(1);
        try (RemoteEventStore client = RemoteEventStore.connect(RemoteStoreConfig.of(hub.endpoint(),
                hub.publishEndpoint()))) {
            assertThat(client.append("base-1", ExpectedVersion.exactly(0), List.of(NewEvent.of("Base.v1",
                    text("{}")))).lastPosition()).isEqualTo(2);
            assertThat(client.readStream("base-1")).hasSize(2);
        }
    }

    @Test
    void ten_thousand_bad_rewind_requests_each_get_one_frame_and_change_nothing() {
        // given
        backend.append("base-1", ExpectedVersion.noStream(), List.of(NewEvent.of("Base.v1", text("{}"))));
        try (ZContext context = new ZContext()) {
            ZMQ.Socket req = context.createSocket(SocketType.REQ);
            req.setLinger(0);
            // as every socket of the bus: a failed loopback handshake is retried instead of hanging
            req.setHandshakeIvl(Protocol.HANDSHAKE_MILLIS);
            req.setReceiveTimeOut(5_000);
            req.connect(hub.rewindQueryEndpoint());
            // when
            for (int i = 0; i < MESSAGES; i++) {
                List<byte[]> request = rewindGarbage();
                for (int f = 0; f < request.size(); f++) {
                    req.send(request.get(f), f < request.size() - 1 ? ZMQ.SNDMORE : 0);
                }
                List<byte[]> reply = Frames.receive(req, 0);
                // then
                assertThat(reply).as("reply to request " + i).isNotNull();
                String first = new String(reply.get(0), UTF_8);
                if (!first.startsWith("ERROR ")) {
                    assertThat(new String(reply.get(reply.size() - 1), UTF_8)).as("a QUERY reply").isIn("END");
                }
            }
            assertThat(backend.headPosition()).isEqualTo(1);
            req.send(text("PUBLISH"), ZMQ.SNDMORE);
            req.send(text("still serving"), 0);
            assertThat(new String(req.recv(0), UTF_8)).isEqualTo("PUBLISHED");
        }
        assertThat(backend.headPosition()).isEqualTo(2);
    }

    private List<byte[]> nativeGarbage() {
        return switch (random.nextInt(8)) {
            case 0 -> randomFrames(1 + random.nextInt(6));
            case 1 -> withOperation(mutate(text(pick("PING", "HEAD", "LIMITS", "APPEND", "READ_ALL"))),
                    randomFrames(random.nextInt(4)));
            case 2 -> withOperation(text(pick("PING", "HEAD", "LIMITS", "READ_STREAM", "READ_ALL")),
                    randomFrames(random.nextInt(5)));
            case 3 -> List.of(new byte[0], text("READ_ALL"), mutate(WireWriter.longFrame(1)),
                    mutate(WireWriter.intFrame(10)), mutate(new WireWriter(4).writeInt(0).toBytes()),
                    new WireWriter(4).writeInt(random.nextInt()).toBytes());
            case 4 -> append(text("s-1"), WireWriter.longFrame(-2), truncate(event()));
            case 5 -> append(text("s-1"), randomBytes(random.nextInt(8)), event());
            case 6 -> append(random.nextBoolean() ? new byte[0] : new byte[] {(byte) 0xC3, (byte) 0x28},
                    WireWriter.longFrame(-2), event());
            default -> append(text("fresh-" + random.nextInt()), WireWriter.longFrame(5 + random.nextInt(100)),
                    random.nextBoolean() ? event() : randomBytes(random.nextInt(64)));
        };
    }

    private List<byte[]> rewindGarbage() {
        return switch (random.nextInt(6)) {
            case 0 -> randomFrames(1 + random.nextInt(5));
            case 1 -> List.of(mutate(text("PUBLISH")), randomBytes(random.nextInt(32)));
            case 2 -> List.of(text("PUBLISH"), randomBytes(8), randomBytes(8));
            case 3 -> List.of(text("QUERY"), randomBytes(random.nextInt(40)), randomBytes(random.nextInt(40)));
            case 4 -> List.of(text("QUERY"), text(UUID.randomUUID().toString()), new byte[0]);
            default -> List.of(text("QUERY"), mutate(text("00000000-0000-0000-0000-000000000000")));
        };
    }

    private static List<byte[]> withOperation(byte[] operation, List<byte[]> args) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(new byte[0]);
        frames.add(operation);
        frames.addAll(args);
        return frames;
    }

    private static List<byte[]> append(byte[] stream, byte[] expected, byte[] event) {
        return List.of(new byte[0], text("APPEND"), stream, expected, event);
    }

    private byte[] event() {
        return WireCodec.encodeNewEvent(new NewEvent(UUID.randomUUID(), "Fuzz.v1", randomBytes(random.nextInt(50)),
                Metadata.empty()));
    }

    private byte[] truncate(byte[] frame) {
        return Arrays.copyOf(frame, random.nextInt(frame.length));
    }

    /** Flips one random byte to another value, so the result never equals the input. */
    private byte[] mutate(byte[] frame) {
        if (frame.length == 0) {
            return randomBytes(1 + random.nextInt(4));
        }
        byte[] copy = frame.clone();
        int at = random.nextInt(copy.length);
        copy[at] = (byte) (copy[at] ^ (1 + random.nextInt(255)));
        return copy;
    }

    private List<byte[]> randomFrames(int count) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(randomBytes(random.nextInt(i == 0 ? 12 : 200)));
        }
        return frames;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
