package dev.rewind.bus.internal.wire;

import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.AppendResult;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Encodes and decodes the records of the native protocol described in {@code docs/protocol.md}. */
public final class WireCodec {

    public static final long EXPECT_NO_STREAM = -1;
    public static final long EXPECT_ANY = -2;
    public static final long EXPECT_STREAM_EXISTS = -3;

    private WireCodec() {
    }

    public static long encodeExpected(ExpectedVersion expected) {
        if (expected.equals(ExpectedVersion.any())) {
            return EXPECT_ANY;
        }
        if (expected.equals(ExpectedVersion.streamExists())) {
            return EXPECT_STREAM_EXISTS;
        }
        return expected.version();
    }

    public static ExpectedVersion decodeExpected(long code) {
        if (code == EXPECT_ANY) {
            return ExpectedVersion.any();
        }
        if (code == EXPECT_STREAM_EXISTS) {
            return ExpectedVersion.streamExists();
        }
        if (code < EXPECT_NO_STREAM) {
            throw new MalformedFrameException("expected version " + code + " is not one of -3 (stream exists),"
                    + " -2 (any), -1 (no stream) or a version of 0 or more");
        }
        return ExpectedVersion.exactly(code);
    }

    public static byte[] encodeNewEvent(NewEvent event) {
        WireWriter out = new WireWriter(event.data().length + 64).writeUuid(event.eventId()).writeString(event.type());
        writeMetadata(out, event.metadata());
        return out.writeBytes(event.data()).toBytes();
    }

    public static NewEvent decodeNewEvent(byte[] frame) {
        WireReader in = new WireReader(frame, "event record");
        UUID id = in.readUuid();
        String type = in.readString();
        Metadata metadata = readMetadata(in);
        byte[] data = in.readBytes();
        in.end();
        return new NewEvent(id, type, data, metadata);
    }

    public static byte[] encodeRecorded(RecordedEvent event) {
        WireWriter out = new WireWriter(event.data().length + 96)
                .writeLong(event.globalPosition())
                .writeLong(event.streamVersion())
                .writeLong(event.recordedAt().getEpochSecond())
                .writeInt(event.recordedAt().getNano())
                .writeUuid(event.eventId())
                .writeString(event.streamId())
                .writeString(event.type());
        writeMetadata(out, event.metadata());
        return out.writeBytes(event.data()).toBytes();
    }

    public static RecordedEvent decodeRecorded(byte[] frame) {
        WireReader in = new WireReader(frame, "recorded event record");
        long position = in.readLong();
        long version = in.readLong();
        long seconds = in.readLong();
        int nanos = in.readInt();
        UUID id = in.readUuid();
        String streamId = in.readString();
        String type = in.readString();
        Metadata metadata = readMetadata(in);
        byte[] data = in.readBytes();
        in.end();
        return new RecordedEvent(id, streamId, version, position, type, data, metadata,
                Instant.ofEpochSecond(seconds, nanos));
    }

    public static byte[] encodeAppendResult(AppendResult result) {
        return new WireWriter(32).writeLong(result.firstVersion()).writeLong(result.lastVersion())
                .writeLong(result.firstPosition()).writeLong(result.lastPosition()).toBytes();
    }

    public static AppendResult decodeAppendResult(String streamId, byte[] frame) {
        WireReader in = new WireReader(frame, "append result");
        AppendResult result = new AppendResult(streamId, in.readLong(), in.readLong(), in.readLong(), in.readLong());
        in.end();
        return result;
    }

    public static void writeMetadata(WireWriter out, Metadata metadata) {
        out.writeString(metadata.correlationId()).writeString(metadata.causationId());
        out.writeInt(metadata.headers().size());
        metadata.headers().forEach((name, value) -> out.writeString(name).writeString(value));
    }

    public static Metadata readMetadata(WireReader in) {
        String correlation = in.readNullableString();
        String causation = in.readNullableString();
        int count = in.readInt();
        if (count < 0 || count > 65_536) {
            throw new MalformedFrameException("metadata claims " + count + " headers");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put(in.readString(), in.readString());
        }
        return new Metadata(correlation, causation, headers);
    }
}
