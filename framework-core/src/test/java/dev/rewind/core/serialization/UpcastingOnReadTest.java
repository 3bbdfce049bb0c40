package dev.rewind.core.serialization;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.Rewind;
import dev.rewind.core.aggregate.AggregateRoot;
import dev.rewind.core.context.BoundedContext;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.InMemoryEventStore;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.projection.Projector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Events written in an old shape are read in the new shape, by a projector and by an aggregate. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class UpcastingOnReadTest {

    /** Version 3: amounts in cents with a currency; version 1 had "amount" in whole euros, version 2 no currency. */
    record PriceSet(String productId, long cents, String currency) {
    }

    record ChangePrice(String productId, long cents) {
    }

    static final class Product extends AggregateRoot<String, PriceSet> {
        long lastCents;
        String lastCurrency;

        void changePrice(long cents) {
            raise(new PriceSet(id(), cents, "EUR"));
        }

        @Override
        protected void apply(PriceSet event) {
            lastCents = event.cents();
            lastCurrency = event.currency();
        }
    }

    static final class Prices extends Projector {
        final Map<String, PriceSet> latest = new ConcurrentHashMap<>();

        Prices() {
            super("prices");
            on(PriceSet.class, e -> latest.put(e.productId(), e));
        }
    }

    private static BoundedContext catalog(Prices prices) {
        return BoundedContext.define("catalog", context -> {
            context.events(EventTypes.builder().add("PriceSet.v3", PriceSet.class).build());
            context.upcaster(Upcaster.of("PriceSet", 1, json -> {
                ObjectNode node = (ObjectNode) json;
                node.put("cents", node.remove("amount").asLong() * 100);
                return node;
            }));
            context.upcaster(Upcaster.of("PriceSet", 2, json -> ((ObjectNode) json).put("currency", "EUR")));
            context.aggregate(Product.class, "product", Product::new, (String id) -> id)
                    .onExisting(ChangePrice.class, ChangePrice::productId, (p, c) -> p.changePrice(c.cents()));
            context.projector(prices);
        });
    }

    @Test
    void a_projector_and_an_aggregate_read_old_events_in_the_current_shape() {
        InMemoryEventStore store = new InMemoryEventStore();
        store.append("product-p1", ExpectedVersion.noStream(), List.of(
                NewEvent.of("PriceSet.v1", "{\"productId\":\"p1\",\"amount\":12}".getBytes(UTF_8)),
                NewEvent.of("PriceSet.v2", "{\"productId\":\"p1\",\"cents\":1399}".getBytes(UTF_8))));
        Prices prices = new Prices();
        try (Rewind rewind = Rewind.builder().store(store).context(catalog(prices)).build().start()) {
            assertThat(rewind.projections().awaitPosition(2, Duration.ofSeconds(10))).isTrue();
            assertThat(prices.latest.get("p1")).isEqualTo(new PriceSet("p1", 1399, "EUR"));
            Product product = rewind.repository(Product.class).load("p1").orElseThrow();
            assertThat(product.lastCents).isEqualTo(1399);
            assertThat(product.lastCurrency).isEqualTo("EUR");
            assertThat(rewind.serializer().deserialize(store.readStream("product-p1").get(0)))
                    .isEqualTo(new PriceSet("p1", 1200, "EUR"));
            long position = rewind.commands().send(new ChangePrice("p1", 1500)).position();
            assertThat(store.readStream("product-p1").get(2).type()).isEqualTo("PriceSet.v3");
            assertThat(rewind.projections().awaitPosition(position, Duration.ofSeconds(10))).isTrue();
            assertThat(prices.latest.get("p1").cents()).isEqualTo(1500);
        }
    }
}
