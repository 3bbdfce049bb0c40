package dev.rewind.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.core.process.ProcessManager;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProcessFixtureTest {

    record OrderPlaced(String orderId) {
    }

    record OrderPaid(String orderId) {
    }

    record ReminderDue(String orderId) {
    }

    record PaymentDue(String orderId) {
    }

    record ClosingDue(String orderId) {
    }

    record Remind(String orderId) {
    }

    record CancelOrder(String orderId) {
    }

    record CloseOrder(String orderId) {
    }

    /** Reminds after 30 minutes, cancels an unpaid order after an hour and closes it 10 minutes later. */
    static final class OrderProcess extends ProcessManager {
        OrderProcess() {
            super("orders");
            when(OrderPlaced.class, (e, react) -> {
                react.schedule("pay-" + e.orderId(), Duration.ofHours(1), new PaymentDue(e.orderId()));
                react.schedule("remind-" + e.orderId(), Duration.ofMinutes(30), new ReminderDue(e.orderId()));
            });
            when(OrderPaid.class, (e, react) -> {
                react.cancel("pay-" + e.orderId());
                react.cancel("remind-" + e.orderId());
            });
            when(ReminderDue.class, (e, react) -> react.send(new Remind(e.orderId())));
            when(PaymentDue.class, (e, react) -> {
                react.send(new CancelOrder(e.orderId()));
                react.schedule("close-" + e.orderId(), Duration.ofMinutes(10), new ClosingDue(e.orderId()));
            });
            when(ClosingDue.class, (e, react) -> react.send(new CloseOrder(e.orderId())));
        }
    }

    private final ProcessFixture orders = ProcessFixture.of(new OrderProcess());

    @Nested
    class When_a_deadline_is_scheduled {

        @Test
        void its_delay_and_due_time_can_be_checked() {
            orders.given(new OrderPlaced("o1"))
                    .thenScheduled("pay-o1", Duration.ofHours(1), new PaymentDue("o1"))
                    .thenScheduledAt("remind-o1", ProcessFixture.START.plus(Duration.ofMinutes(30)),
                            new ReminderDue("o1"))
                    .thenScheduled("remind-o1", new ReminderDue("o1"))
                    .thenCommands();
        }

        @Test
        void the_delay_is_counted_from_the_current_time() {
            orders.given(new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofMinutes(20))
                    .thenScheduled("pay-o1", Duration.ofMinutes(40), new PaymentDue("o1"))
                    .given(new OrderPlaced("o2"))
                    .thenScheduled("pay-o2", Duration.ofHours(1), new PaymentDue("o2"));
            assertThat(orders.now()).isEqualTo(ProcessFixture.START.plus(Duration.ofMinutes(20)));
        }

        @Test
        void a_wrong_delay_fails_with_both_due_times() {
            orders.given(new OrderPlaced("o1"));
            assertThatThrownBy(() -> orders.thenScheduled("pay-o1", Duration.ofMinutes(59), new PaymentDue("o1")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected deadline pay-o1 due at 2030-01-01T00:59:00Z (in PT59M)")
                    .hasMessageContaining("but it is due at   2030-01-01T01:00:00Z (in PT1H)");
            assertThatThrownBy(() -> orders.thenScheduled("pay-o1", new ReminderDue("o1")))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("pay-o1 due 2030-01-01T01:00:00Z with PaymentDue[orderId=o1] (pending)");
        }
    }

    @Nested
    class When_time_advances {

        @Test
        void nothing_fires_before_it_is_due() {
            orders.given(new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofMinutes(29))
                    .thenCommands()
                    .thenScheduled("remind-o1", Duration.ofMinutes(1), new ReminderDue("o1"));
            assertThatThrownBy(() -> orders.thenFired("remind-o1")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected deadline remind-o1 to be fired");
        }

        @Test
        void due_deadlines_fire_in_due_order_and_their_reactions_are_recorded() {
            orders.given(new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofMinutes(30))
                    .thenFired("remind-o1")
                    .thenNotScheduled("remind-o1")
                    .thenCommands(new Remind("o1"))
                    .advanceTimeTo(ProcessFixture.START.plus(Duration.ofHours(1)))
                    .thenFired("pay-o1")
                    .thenCommands(new Remind("o1"), new CancelOrder("o1"))
                    .thenScheduled("close-o1", Duration.ofMinutes(10), new ClosingDue("o1"));
        }

        @Test
        void a_deadline_set_by_a_firing_deadline_fires_too_if_it_falls_due_on_the_way() {
            orders.given(new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofHours(2))
                    .thenFired("remind-o1")
                    .thenFired("pay-o1")
                    .thenFired("close-o1")
                    .thenCommands(new Remind("o1"), new CancelOrder("o1"), new CloseOrder("o1"));
            assertThat(orders.now()).isEqualTo(ProcessFixture.START.plus(Duration.ofHours(2)));
        }

        @Test
        void deadlines_due_at_the_same_instant_fire_in_the_order_they_were_scheduled() {
            orders.given(new OrderPlaced("o2"), new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofMinutes(30))
                    .thenCommands(new Remind("o2"), new Remind("o1"));
        }

        @Test
        void time_does_not_go_back() {
            orders.advanceTimeBy(Duration.ofMinutes(5));
            assertThatThrownBy(() -> orders.advanceTimeTo(ProcessFixture.START))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Time only moves forward");
            assertThatThrownBy(() -> orders.advanceTimeBy(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class When_a_deadline_is_cancelled {

        @Test
        void it_never_fires() {
            orders.given(new OrderPlaced("o1"), new OrderPaid("o1"))
                    .thenCancelled("pay-o1")
                    .thenCancelled("remind-o1")
                    .thenNotScheduled("pay-o1")
                    .advanceTimeBy(Duration.ofDays(1))
                    .thenCommands()
                    .thenCancelled("pay-o1");
        }

        @Test
        void a_fired_deadline_is_not_cancelled_and_a_key_is_used_once() {
            orders.given(new OrderPlaced("o1"))
                    .advanceTimeBy(Duration.ofMinutes(30))
                    .given(new OrderPaid("o1"), new OrderPlaced("o1"))
                    .thenFired("remind-o1")
                    .thenCancelled("pay-o1")
                    .advanceTimeBy(Duration.ofDays(1))
                    .thenCommands(new Remind("o1"));
            assertThatThrownBy(() -> orders.thenCancelled("remind-o1")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected deadline remind-o1 to be cancelled")
                    .hasMessageContaining("remind-o1 due 2030-01-01T00:30:00Z with ReminderDue[orderId=o1] (fired)");
        }

        @Test
        void a_deadline_never_scheduled_is_not_cancelled_either() {
            assertThatThrownBy(() -> orders.thenCancelled("pay-o1")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but deadlines are none");
        }
    }
}
