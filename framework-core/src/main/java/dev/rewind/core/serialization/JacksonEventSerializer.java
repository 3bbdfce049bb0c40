package dev.rewind.core.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default {@link EventSerializer}: JSON through Jackson, with one reader and one writer prepared per registered
 * type when it is built, so serializing an event is a map lookup and a write.
 *
 * <p>Unknown JSON properties are ignored on read (a tolerant reader), so adding a field to an event needs no upcaster.
 */
public final class JacksonEventSerializer implements EventSerializer {

    private final ObjectMapper mapper;
    private final Map<String, ObjectReader> readerByName;
    private final Map<Class<?>, Writer> writerByClass;
    private final Map<String, Integer> currentVersionByBase;
    private final Map<String, Upcaster> upcasterByKey;

    private record Writer(String typeName, ObjectWriter writer) {
    }

    /** A serializer for the given types, with no upcasters. */
    public JacksonEventSerializer(EventTypes types) {
        this(types, List.of());
    }

    /**
     * A serializer for the given types and upcasters.
     *
     * @throws IllegalArgumentException if two upcasters start from the same version of the same type
     */
    public JacksonEventSerializer(EventTypes types, List<Upcaster> upcasters) {
        this(defaultMapper(), types, upcasters);
    }

    /** A serializer using a mapper configured by the caller (modules, naming strategies). */
    public JacksonEventSerializer(ObjectMapper mapper, EventTypes types, List<Upcaster> upcasters) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        Map<String, ObjectReader> readers = new HashMap<>();
        Map<Class<?>, Writer> writers = new HashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        types.asMap().forEach((name, type) -> {
            readers.put(name, mapper.readerFor(type));
            writers.put(type, new Writer(name, mapper.writerFor(type)));
            versions.put(EventTypes.baseName(name), EventTypes.versionOf(name));
        });
        Map<String, Upcaster> byKey = new HashMap<>();
        for (Upcaster upcaster : upcasters) {
            Upcaster previous = byKey.put(key(upcaster.baseName(), upcaster.fromVersion()), upcaster);
            if (previous != null) {
                throw new IllegalArgumentException("Two upcasters read version " + upcaster.fromVersion() + " of '"
                        + upcaster.baseName() + "'; keep one.");
            }
        }
        this.readerByName = Map.copyOf(readers);
        this.writerByClass = Map.copyOf(writers);
        this.currentVersionByBase = Map.copyOf(versions);
        this.upcasterByKey = Map.copyOf(byKey);
    }

    /** The mapper settings the framework uses: Java time and Optional support, tolerant of unknown properties. */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static String key(String baseName, int version) {
        return baseName + '\u0000' + version;
    }

    @Override
    public SerializedEvent serialize(Object event) {
        Objects.requireNonNull(event, "event must not be null");
        Writer writer = writerByClass.get(event.getClass());
        if (writer == null) {
            throw new EventSerializationException("Event class " + event.getClass().getName() + " has no registered"
                    + " type name; register it with EventTypes (for example in the bounded context's events(...)).");
        }
        try {
            return new SerializedEvent(writer.typeName(), writer.writer().writeValueAsBytes(event));
        } catch (IOException e) {
            throw new EventSerializationException("Could not write " + writer.typeName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object deserialize(RecordedEvent stored) {
        ObjectReader reader = readerByName.get(stored.type());
        try {
            if (reader != null) {
                return reader.readValue(stored.data());
            }
            return readUpcast(stored);
        } catch (IOException e) {
            throw new EventSerializationException("Could not read event " + stored.type() + " at global position "
                    + stored.globalPosition() + " (stream '" + stored.streamId() + "'): " + e.getMessage(), e);
        }
    }

    private Object readUpcast(RecordedEvent stored) throws IOException {
        String base = EventTypes.baseName(stored.type());
        Integer current = currentVersionByBase.get(base);
        int version = EventTypes.versionOf(stored.type());
        if (current == null || version >= current) {
            throw new UnknownEventTypeException(stored.type(), stored.globalPosition(), stored.streamId());
        }
        JsonNode json = mapper.readTree(stored.data());
        for (; version < current; version++) {
            Upcaster upcaster = upcasterByKey.get(key(base, version));
            if (upcaster == null) {
                throw new UnknownEventTypeException(stored.type() + " (no upcaster from version " + version + " to "
                        + (version + 1) + ")", stored.globalPosition(), stored.streamId());
            }
            json = upcaster.transform().apply(json);
        }
        return readerByName.get(EventTypes.nameAt(base, current)).readValue(json);
    }

    @Override
    public boolean canRead(String typeName) {
        if (readerByName.containsKey(typeName)) {
            return true;
        }
        String base = EventTypes.baseName(typeName);
        Integer current = currentVersionByBase.get(base);
        if (current == null) {
            return false;
        }
        for (int version = EventTypes.versionOf(typeName); version < current; version++) {
            if (!upcasterByKey.containsKey(key(base, version))) {
                return false;
            }
        }
        return EventTypes.versionOf(typeName) < current;
    }
}
