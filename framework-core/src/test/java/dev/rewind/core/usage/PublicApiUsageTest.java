package dev.rewind.core.usage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRepository;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.internal.aggregate.InMemorySnapshotStore;
import dev.rewind.core.aggregate.RepositoryOptions;
import dev.rewind.core.aggregate.SnapshotPolicy;
import dev.rewind.core.command.CommandBus;
import dev.rewind.core.command.CommandInterceptor;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.context.ContextBuilder;
import dev.rewind.core.event.EventEnvelope;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.core.eventstore.Subscription;
import dev.rewind.core.guice.BoundedContextModule;
import dev.rewind.core.guice.InMemoryStoreModule;
import dev.rewind.core.guice.RewindModule;
import dev.rewind.core.internal.projection.InMemoryCheckpointStore;
import dev.rewind.core.projection.PartitionStatus;
import dev.rewind.core.projection.ProjectionStatus;
import dev.rewind.core.projection.Projector;
import dev.rewind.core.serialization.EventTypes;
import dev.rewind.core.serialization.Upcaster;
import dev.rewind.core.testing.AggregateFixture;
import dev.rewind.core.testing.ProjectorFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Uses the public API from outside the framework's packages, the way application code does. */
class PublicApiUsageTest {

    record TaskId(String value) {
        TaskId {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("A task id must not be blank");
            }
        }
    }

    sealed interface TaskEvent permits TaskAdded, TaskDone {}

    record TaskAdded(TaskId taskId, String title, int priority) implements TaskEvent {}

    record TaskDone(TaskId taskId) implements TaskEvent {}

    record AddTask(TaskId taskId, String title) {}

    record CompleteTask(TaskId taskId) {}

    record TaskState(boolean done) {}

    static final class Task extends AggregateRoot<TaskId, TaskEvent> {
        private boolean done;

        static Task add(TaskId id, String title) {
            Task task = new Task();
            task.raise(new TaskAdded(id, title, 0));
            return task;
        }

        void complete() {
            if (done) {
                throw new IllegalStateException("Task " + id().value() + " is done already");
            }
            raise(new TaskDone(id()));
        }

        TaskState state() {
            return new TaskState(done);
        }

        void restore(TaskState state) {
            done = state.done();
        }

        @Override
        protected void apply(TaskEvent event) {
            if (event instanceof TaskDone) {
                done = true;
            } else if (!(event instanceof TaskAdded)) {
                throw new IllegalStateException("Unhandled event " + event);
            }
        }
    }

    static final class OpenTasks extends Projector {
        final Map<TaskId, String> titles = new ConcurrentHashMap<>();

        OpenTasks() {
            super("open-tasks");
            partitioned(2);
            on(TaskAdded.class, (e, envelope) -> titles.put(e.taskId(), e.title() + "@" + envelope.globalPosition()));
            on(TaskDone.class, e -> titles.remove(e.taskId()));
        }
    }

    static final class TasksModule extends BoundedContextModule {
        final OpenTasks openTasks = new OpenTasks();

        @Override
        protected void configure(ContextBuilder context) {
            // Version 2 of TaskAdded has a priority; version 1 events are upcast on read.
            context.events(EventTypes.builder().add("TaskAdded.v2", TaskAdded.class).add("TaskDone", TaskDone.class)
                    .build());
            context.upcaster(Upcaster.of("TaskAdded", 1, json -> ((ObjectNode) json).put("priority", 3)));
            context.aggregate(Task.class, "task", Task::new, TaskId::value)
                    .snapshots(new SnapshotPolicy<>(10, TaskState.class, Task::state, Task::restore))
                    .onNew(AddTask.class, AddTask::taskId, c -> Task.add(c.taskId(), c.title()))
                    .onExisting(CompleteTask.class, CompleteTask::taskId, (task, c) -> task.complete());
            context.projector(openTasks);
        }
    }

    @Test
    void user_code_builds_runs_and_tests_a_context_with_the_public_api() throws Exception {
        TasksModule module = new TasksModule();
        BoundedContext context = module.describe();
        List<String> audit = new CopyOnWriteArrayList<>();
        CommandInterceptor auditing = (message, next) -> {
            audit.add(message.command().getClass().getSimpleName());
            return next.proceed(message);
        };
        EventStore store = new InMemoryEventStore();
        // an old-shape event, written before TaskAdded had a priority
        store.append("task-t0", ExpectedVersion.noStream(), List.of(NewEvent.of("TaskAdded.v1",
                "{\"taskId\":{\"value\":\"t0\"},\"title\":\"legacy\"}".getBytes(UTF_8))));
        try (Rewind rewind = Rewind.builder().store(store).context(context).interceptor(auditing)
                .checkpoints(new InMemoryCheckpointStore())
                .repositoryOptions(new RepositoryOptions(new InMemorySnapshotStore(), 100)).build().start()) {
            CommandBus commands = rewind.commands();
            CommandResult added = commands.send(new AddTask(new TaskId("t1"), "write docs"));
            CommandResult done = commands.sendAsync(new CompleteTask(new TaskId("t0"))).get(5, TimeUnit.SECONDS);
            assertThat(added.streamId()).isEqualTo("task-t1");
            assertThat(done.version()).isEqualTo(1);
            assertThat(rewind.projections().awaitPosition(done.position(), Duration.ofSeconds(5))).isTrue();
            assertThat(module.openTasks.titles).containsExactly(Map.entry(new TaskId("t1"), "write docs@2"));
            List<ProjectionStatus> status = rewind.projections().status();
            assertThat(status.get(0).lag()).isZero();
            assertThat(status.get(0).partitions()).extracting(PartitionStatus::partition, PartitionStatus::lag)
                    .containsExactly(tuple(0, 0L), tuple(1, 0L));
            assertThat(module.openTasks.checkpointKey(1)).isEqualTo(module.openTasks.name() + "#1");
            assertThat(module.openTasks.partitions()).isEqualTo(2);
            AggregateRepository<TaskId, Task> tasks = rewind.repository(Task.class);
            assertThat(tasks.load(new TaskId("t0")).orElseThrow().state()).isEqualTo(new TaskState(true));
            assertThat(rewind.targetStream(new AddTask(new TaskId("t2"), "route me"))).contains("task-t2");
            rewind.evictCachedAggregates(stream -> stream.startsWith("task-"));
            tasks.evictCached(stream -> true);
            assertThat(tasks.savedBy(new TaskId("t0"), UUID.randomUUID(), done.version())).isEmpty();
            EventEnvelope<Object> legacy = rewind.serializer().toEnvelope(store.readStream("task-t0").get(0));
            assertThat(legacy.event()).isEqualTo(new TaskAdded(new TaskId("t0"), "legacy", 3));
        }
        assertThat(audit).containsExactly("AddTask", "CompleteTask");
    }

    @Test
    void user_code_talks_to_the_store_directly() throws Exception {
        try (EventStore store = new InMemoryEventStore()) {
            NewEvent event = new NewEvent(UUID.randomUUID(), "Note.v1", "{}".getBytes(UTF_8),
                    Metadata.empty().withCorrelationId("c-1").withHeader("user", "ada"));
            AppendResult result = store.append("note-1", ExpectedVersion.any(), List.of(event));
            List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
            try (Subscription subscription = store.subscribe(1, EventFilter.categories("note"), seen::addAll)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (subscription.position() < result.lastPosition() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(subscription.position()).isEqualTo(result.lastPosition());
            }
            assertThat(seen).extracting(RecordedEvent::eventId).containsExactly(event.eventId());
        }
    }

    @Test
    void user_code_wires_with_guice_and_tests_with_the_fixtures() {
        Injector injector = Guice.createInjector(new RewindModule(), new InMemoryStoreModule(), new TasksModule());
        try (Rewind rewind = injector.getInstance(Rewind.class).start()) {
            assertThat(rewind.commands().send(new AddTask(new TaskId("t9"), "x")).version()).isZero();
        }
        AggregateFixture.of(new TasksModule())
                .given(new TaskAdded(new TaskId("t1"), "a", 1), new TaskDone(new TaskId("t1")))
                .when(new CompleteTask(new TaskId("t1")))
                .thenThrows(IllegalStateException.class, "done already");
        ProjectorFixture.of(new OpenTasks())
                .given(new TaskAdded(new TaskId("t1"), "a", 1), new TaskAdded(new TaskId("t2"), "b", 1),
                        new TaskDone(new TaskId("t1")))
                .thenState(p -> p.titles.keySet(), java.util.Set.of(new TaskId("t2")));
    }
}
