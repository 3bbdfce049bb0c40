package dev.rewind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CommitSignalTest {

    @Test
    void a_failing_call_back_neither_fails_the_advance_nor_keeps_the_others_from_running() {
        CommitSignal signal = new CommitSignal(0);
        List<Long> seen = new CopyOnWriteArrayList<>();
        signal.onAdvance(() -> {
            throw new IllegalStateException("broken call-back");
        });
        signal.onAdvance(() -> seen.add(signal.head()));

        signal.advance(3);

        assertThat(signal.head()).isEqualTo(3);
        assertThat(seen).containsExactly(3L);
    }

    @Test
    void call_backs_run_only_when_the_head_moves_and_stop_once_closed() {
        CommitSignal signal = new CommitSignal(5);
        List<Long> seen = new CopyOnWriteArrayList<>();
        CommitSignal.Registration registration = signal.onAdvance(() -> seen.add(signal.head()));

        signal.advance(4);
        signal.advance(6);
        registration.close();
        signal.advance(7);

        assertThat(seen).containsExactly(6L);
        assertThat(signal.head()).isEqualTo(7);
    }
}
