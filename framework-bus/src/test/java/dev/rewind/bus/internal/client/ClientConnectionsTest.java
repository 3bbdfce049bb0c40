package dev.rewind.bus.internal.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.bus.HubAddress;
import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.wire.Frames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The client's lent sockets against a stand-in hub: a real ROUTER socket on 127.0.0.1 answering by hand. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class ClientConnectionsTest {

    private ZContext context;
    private ZMQ.Socket hub;
    private String endpoint;

    @BeforeEach
    void bindStandInHub() {
        context = new ZContext();
        hub = context.createSocket(SocketType.ROUTER);
        hub.setReceiveTimeOut(10_000);
        endpoint = "tcp://127.0.0.1:" + hub.bindToRandomPort("tcp://127.0.0.1");
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void a_reply_that_comes_after_its_caller_gave_up_is_not_taken_for_the_next_request() throws Exception {
        ClientConnections connections = new ClientConnections(context, config(Duration.ofMillis(300)), failover());
        assertThatThrownBy(() -> connections.call(List.of(ascii("FIRST"))))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("No hub replied within 300 ms");
        List<byte[]> first = received("FIRST");

        CompletableFuture<List<byte[]>> second = CompletableFuture.supplyAsync(
                () -> connections.call(List.of(ascii("SECOND"))));
        List<byte[]> secondRequest = received("SECOND");
        assertThat(secondRequest.get(0)).as("the same connection, lent again").isEqualTo(first.get(0));
        Frames.send(hub, List.of(first.get(0), first.get(1), ascii("late answer to FIRST")));
        Frames.send(hub, List.of(secondRequest.get(0), secondRequest.get(1), ascii("answer to SECOND")));

        assertThat(new String(second.get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("answer to SECOND");
        connections.close();
    }

    @Test
    void closing_ends_a_call_still_waiting_for_its_reply() throws Exception {
        ClientConnections connections = new ClientConnections(context, config(Duration.ofSeconds(30)), failover());
        CompletableFuture<List<byte[]>> waiting = CompletableFuture.supplyAsync(
                () -> connections.call(List.of(ascii("NEVER_ANSWERED"))));
        received("NEVER_ANSWERED");
        long start = System.nanoTime();
        connections.close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(HubUnavailableException.class).hasMessageContaining("closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> connections.call(List.of(ascii("AFTER_CLOSE"))))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("closed");
    }

    @Test
    void a_request_the_first_hub_leaves_unanswered_is_sent_again_to_the_next_hub_with_the_same_id() throws Exception {
        // given: two stand-in hubs; the first takes requests and never answers
        ZMQ.Socket second = context.createSocket(SocketType.ROUTER);
        second.setReceiveTimeOut(10_000);
        String secondEndpoint = "tcp://127.0.0.1:" + second.bindToRandomPort("tcp://127.0.0.1");
        RemoteStoreConfig config = RemoteStoreConfig.of(List.of(new HubAddress(endpoint, "tcp://127.0.0.1:1"),
                new HubAddress(secondEndpoint, "tcp://127.0.0.1:2"))).withFailoverAfter(Duration.ofMillis(300));
        HubFailover failover = new HubFailover(config.hubs(), "test client");
        ClientConnections connections = new ClientConnections(context, config, failover);
        // when
        CompletableFuture<List<byte[]>> call = CompletableFuture.supplyAsync(
                () -> connections.call(List.of(ascii("APPEND"))));
        List<byte[]> atFirst = received("APPEND");
        List<byte[]> atSecond = Frames.receive(second, 0);
        assertThat(atSecond).as("the request re-sent to the second hub").isNotNull();
        Frames.send(second, List.of(atSecond.get(0), atSecond.get(1), ascii("stored")));
        // then
        assertThat(atSecond.get(1)).as("the same request id").isEqualTo(atFirst.get(1));
        assertThat(new String(call.get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("stored");
        assertThat(failover.current()).isEqualTo(1);
        assertThat(failover.isLost()).as("lost, then connected again").isFalse();
        connections.close();
    }

    @Test
    void a_client_cut_off_from_every_hub_fails_with_hub_unavailable_after_its_deadline() {
        // given: a hub that never answers
        RemoteStoreConfig config = config(Duration.ofMillis(900)).withFailoverAfter(Duration.ofMillis(200));
        ClientConnections connections = new ClientConnections(context, config, failover());
        long start = System.nanoTime();
        // then
        assertThatThrownBy(() -> connections.call(List.of(ascii("HEAD")))).isInstanceOf(HubUnavailableException.class)
                .hasMessageContaining("No hub replied within 900 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        connections.close();
    }

    private HubFailover failover() {
        return new HubFailover(config(Duration.ofSeconds(1)).hubs(), "test client");
    }

    private RemoteStoreConfig config(Duration timeout) {
        return RemoteStoreConfig.of(endpoint, "tcp://127.0.0.1:1").withRequestTimeout(timeout);
    }

    /** The next request at the stand-in hub: routing id, request id, then the operation, which must be {@code op}. */
    private List<byte[]> received(String op) {
        List<byte[]> request = Frames.receive(hub, 0);
        assertThat(request).as("a request reached the stand-in hub").isNotNull();
        assertThat(new String(request.get(2), UTF_8)).isEqualTo(op);
        return request;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(UTF_8);
    }
}
