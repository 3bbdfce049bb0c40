package dev.rewind.bus.internal.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.bus.HubAddress;
import dev.rewind.bus.HubUnavailableException;
import dev.rewind.bus.RemoteStoreConfig;
import dev.rewind.bus.internal.wire.Frames;
import java.time.Duration;
import java.util.ArrayList;
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

/** The client's pipelined requests against stand-in hubs: real ROUTER sockets on 127.0.0.1 answering by hand. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(60)
class RequestPipelineTest {

    private ZContext context;
    private ZMQ.Socket hub;
    private String endpoint;
    private RequestPipeline pipeline;

    @BeforeEach
    void bindStandInHub() {
        context = new ZContext();
        hub = router();
        endpoint = hub.getLastEndpoint();
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
        context.close();
    }

    @Test
    void many_requests_are_in_flight_at_once_and_replies_in_any_order_complete_their_own_futures() throws Exception {
        // given
        pipeline = new RequestPipeline(context, config(Duration.ofSeconds(10)), failover(), "test-pipeline");
        List<CompletableFuture<List<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(pipeline.call(List.of(ascii("OP-" + i))));
        }
        // when: every request reaches the hub before any reply, and the replies go back in reverse order
        List<List<byte[]>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(received("OP-" + i));
        }
        for (int i = 99; i >= 0; i--) {
            List<byte[]> request = requests.get(i);
            Frames.send(hub, List.of(request.get(0), request.get(1), ascii("answer " + i)));
        }
        // then
        for (int i = 0; i < 100; i++) {
            assertThat(new String(calls.get(i).get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("answer " + i);
        }
    }

    @Test
    void a_reply_that_comes_after_its_caller_gave_up_is_not_taken_for_the_next_request() throws Exception {
        pipeline = new RequestPipeline(context, config(Duration.ofMillis(300)), failover(), "test-pipeline");
        assertThatThrownBy(() -> pipeline.await(pipeline.call(List.of(ascii("FIRST")))))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("No hub replied within 300 ms");
        List<byte[]> first = received("FIRST");

        CompletableFuture<List<byte[]>> second = pipeline.call(List.of(ascii("SECOND")));
        List<byte[]> secondRequest = received("SECOND");
        Frames.send(hub, List.of(secondRequest.get(0), first.get(1), ascii("late answer to FIRST")));
        Frames.send(hub, List.of(secondRequest.get(0), secondRequest.get(1), ascii("answer to SECOND")));

        assertThat(new String(second.get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("answer to SECOND");
    }

    @Test
    void closing_fails_every_request_still_waiting_for_its_reply() throws Exception {
        pipeline = new RequestPipeline(context, config(Duration.ofSeconds(30)), failover(), "test-pipeline");
        List<CompletableFuture<List<byte[]>>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(pipeline.call(List.of(ascii("NEVER_ANSWERED"))));
        }
        received("NEVER_ANSWERED");
        long start = System.nanoTime();
        pipeline.close();

        for (CompletableFuture<List<byte[]>> call : waiting) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(HubUnavailableException.class).hasMessageContaining("closed");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> pipeline.await(pipeline.call(List.of(ascii("AFTER_CLOSE")))))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("closed");
    }

    @Test
    void requests_the_first_hub_leaves_unanswered_are_sent_again_to_the_next_hub_in_order_with_the_same_ids()
            throws Exception {
        // given: two stand-in hubs; the first takes requests and never answers
        ZMQ.Socket second = router();
        RemoteStoreConfig config = RemoteStoreConfig.of(List.of(new HubAddress(endpoint, "tcp://127.0.0.1:1"),
                new HubAddress(second.getLastEndpoint(), "tcp://127.0.0.1:2")))
                .withFailoverAfter(Duration.ofMillis(300));
        HubFailover failover = new HubFailover(config.hubs(), "test client");
        pipeline = new RequestPipeline(context, config, failover, "test-pipeline");
        // when
        List<CompletableFuture<List<byte[]>>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(pipeline.call(List.of(ascii("APPEND-" + i))));
        }
        List<List<byte[]>> atFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            atFirst.add(received("APPEND-" + i));
        }
        for (int i = 0; i < 5; i++) {
            List<byte[]> atSecond = Frames.receive(second, 0);
            assertThat(atSecond).as("request " + i + " re-sent to the second hub").isNotNull();
            assertThat(new String(atSecond.get(2), UTF_8)).as("in order").isEqualTo("APPEND-" + i);
            assertThat(atSecond.get(1)).as("the same request id").isEqualTo(atFirst.get(i).get(1));
            Frames.send(second, List.of(atSecond.get(0), atSecond.get(1), ascii("stored " + i)));
        }
        // then
        for (int i = 0; i < 5; i++) {
            assertThat(new String(calls.get(i).get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("stored " + i);
        }
        assertThat(failover.current()).isEqualTo(1);
        assertThat(failover.isLost()).as("lost, then connected again").isFalse();
    }

    @Test
    void a_hub_that_answers_other_requests_is_not_left_while_one_takes_longer_than_the_fail_over_time()
            throws Exception {
        // given: two hubs, 300 ms fail-over time; the first answers everything at once but SLOW, for a second
        ZMQ.Socket second = router();
        second.setReceiveTimeOut(50);
        RemoteStoreConfig config = RemoteStoreConfig.of(List.of(new HubAddress(endpoint, "tcp://127.0.0.1:1"),
                new HubAddress(second.getLastEndpoint(), "tcp://127.0.0.1:2")))
                .withFailoverAfter(Duration.ofMillis(300));
        HubFailover failover = new HubFailover(config.hubs(), "test client");
        pipeline = new RequestPipeline(context, config, failover, "test-pipeline");
        CompletableFuture<List<byte[]>> slow = pipeline.call(List.of(ascii("SLOW")));
        List<byte[]> slowRequest = received("SLOW");
        // when
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000_000_000L) {
            CompletableFuture<List<byte[]>> quick = pipeline.call(List.of(ascii("QUICK")));
            List<byte[]> request = received("QUICK");
            Frames.send(hub, List.of(request.get(0), request.get(1), ascii("quick")));
            quick.get(10, TimeUnit.SECONDS);
            assertThat(Frames.receive(second, 0)).as("nothing sent to the second hub").isNull();
        }
        Frames.send(hub, List.of(slowRequest.get(0), slowRequest.get(1), ascii("slow but stored")));
        // then
        assertThat(new String(slow.get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("slow but stored");
        assertThat(failover.current()).isZero();
        assertThat(failover.isLost()).isFalse();
    }

    @Test
    void a_client_cut_off_from_every_hub_fails_with_hub_unavailable_after_its_deadline() {
        // given: a hub that never answers
        RemoteStoreConfig config = config(Duration.ofMillis(900)).withFailoverAfter(Duration.ofMillis(200));
        pipeline = new RequestPipeline(context, config, failover(), "test-pipeline");
        long start = System.nanoTime();
        // then
        assertThatThrownBy(() -> pipeline.await(pipeline.call(List.of(ascii("HEAD")))))
                .isInstanceOf(HubUnavailableException.class).hasMessageContaining("No hub replied within 900 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_call_beyond_the_bound_waits_until_a_request_in_flight_completes() throws Exception {
        // given: one request may be in flight
        pipeline = new RequestPipeline(context, config(Duration.ofSeconds(10)).withMaxInFlight(1), failover(),
                "test-pipeline");
        CompletableFuture<List<byte[]>> first = pipeline.call(List.of(ascii("FIRST")));
        List<byte[]> firstRequest = received("FIRST");
        // when
        CompletableFuture<CompletableFuture<List<byte[]>>> second = CompletableFuture.supplyAsync(
                () -> pipeline.call(List.of(ascii("SECOND"))));
        hub.setReceiveTimeOut(300);
        assertThat(Frames.receive(hub, 0)).as("nothing sent while the first is in flight").isNull();
        hub.setReceiveTimeOut(10_000);
        Frames.send(hub, List.of(firstRequest.get(0), firstRequest.get(1), ascii("first done")));
        // then
        List<byte[]> secondRequest = received("SECOND");
        Frames.send(hub, List.of(secondRequest.get(0), secondRequest.get(1), ascii("second done")));
        assertThat(new String(first.get(10, TimeUnit.SECONDS).get(0), UTF_8)).isEqualTo("first done");
        assertThat(new String(second.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS).get(0), UTF_8))
                .isEqualTo("second done");
    }

    @Test
    void a_call_beyond_the_bound_on_the_io_thread_fails_at_once_saying_so() throws Exception {
        // given: two may be in flight; one stays unanswered
        pipeline = new RequestPipeline(context, config(Duration.ofSeconds(10)).withMaxInFlight(2), failover(),
                "test-pipeline");
        pipeline.call(List.of(ascii("UNANSWERED")));
        List<CompletableFuture<List<byte[]>>> inCallback = new ArrayList<>();
        CompletableFuture<List<byte[]>> outer = pipeline.call(List.of(ascii("OUTER")));
        CompletableFuture<Void> done = outer.thenAccept(reply -> {
            inCallback.add(pipeline.call(List.of(ascii("INNER-1"))));
            inCallback.add(pipeline.call(List.of(ascii("INNER-2"))));
        });
        received("UNANSWERED");
        List<byte[]> request = received("OUTER");
        // when
        Frames.send(hub, List.of(request.get(0), request.get(1), ascii("done")));
        done.get(10, TimeUnit.SECONDS);
        // then
        assertThat(inCallback.get(0)).isNotDone();
        assertThatThrownBy(() -> inCallback.get(1).get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(HubUnavailableException.class)
                .hasMessageContaining("2 requests were in flight (RemoteStoreConfig.maxInFlight)")
                .hasMessageContaining("does not wait");
    }

    @Test
    void a_blocking_call_in_a_callback_on_the_io_thread_fails_instead_of_waiting_for_itself() throws Exception {
        pipeline = new RequestPipeline(context, config(Duration.ofSeconds(10)), failover(), "test-pipeline");
        CompletableFuture<Throwable> nested = pipeline.call(List.of(ascii("OUTER"))).handle((reply, error) -> {
            try {
                pipeline.await(pipeline.call(List.of(ascii("INNER"))));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        List<byte[]> outer = received("OUTER");
        Frames.send(hub, List.of(outer.get(0), outer.get(1), ascii("done")));

        assertThat(nested.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("on its I/O thread");
    }

    private ZMQ.Socket router() {
        ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
        socket.setReceiveTimeOut(10_000);
        socket.bindToRandomPort("tcp://127.0.0.1");
        return socket;
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
