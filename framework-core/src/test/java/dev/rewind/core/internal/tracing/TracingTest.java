package dev.rewind.core.internal.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.Rewind;
import dev.rewind.core.bank.BankDomainTest;
import dev.rewind.core.bank.BankDomainTest.Deposit;
import dev.rewind.core.bank.BankDomainTest.MoneyDeposited;
import dev.rewind.core.bank.BankDomainTest.OpenAccount;
import dev.rewind.core.command.AggregateNotFoundException;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.projection.Projector;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With an OpenTelemetry SDK installed, dispatch, append and projection are spans of the command's trace. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(30)
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    /** Reads deposits, only so that the test sees a projection span. */
    static final class Deposits extends Projector {
        Deposits() {
            super("deposits");
            on(MoneyDeposited.class, e -> { });
        }
    }

    @BeforeEach
    void installSdk() {
        GlobalOpenTelemetry.resetForTest();
        GlobalOpenTelemetry.set(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build());
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
    }

    private SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    @Test
    void a_command_with_a_traceparent_is_dispatched_appended_and_projected_in_its_trace() {
        InMemoryEventStore store = new InMemoryEventStore();
        try (Rewind rewind = Rewind.builder().store(store).context(BankDomainTest.bank(new Deposits())).build()
                .start()) {
            rewind.commands().send(new OpenAccount("acc-1", "Ada"));
            // when
            long position = rewind.commands().send(CommandMessage.of(new Deposit("acc-1", 5))
                    .withMetadata(Metadata.empty().withTraceparent("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")))
                    .position();
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(10))).isTrue();
        }
        // then
        SpanData dispatch = span("command Deposit");
        assertThat(dispatch.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(dispatch.getParentSpanId()).isEqualTo(CALLER_SPAN);
        SpanData append = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("append")
                && s.getTraceId().equals(TRACE_ID)).findFirst().orElseThrow();
        assertThat(append.getParentSpanId()).isEqualTo(dispatch.getSpanId());
        assertThat(append.getAttributes().asMap().toString()).contains("account-acc-1");
        SpanData project = span("project deposits");
        assertThat(project.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(dispatch.getSpanId());
        RecordedEvent deposited = store.readStream("account-acc-1").get(1);
        assertThat(deposited.metadata().traceparent())
                .contains("00-" + TRACE_ID + "-" + dispatch.getSpanId() + "-01");
    }

    @Test
    void a_refused_command_ends_its_span_as_an_error() {
        try (Rewind rewind = Rewind.builder().store(new InMemoryEventStore()).context(BankDomainTest.bank())
                .build()) {
            assertThatThrownBy(() -> rewind.commands().send(new Deposit("nobody", 5)))
                    .isInstanceOf(AggregateNotFoundException.class);
        }
        assertThat(span("command Deposit").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
}
