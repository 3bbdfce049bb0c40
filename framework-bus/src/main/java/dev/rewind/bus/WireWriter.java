package dev.rewind.bus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.UUID;

/** Writes one binary record of the wire protocol: big-endian integers, length-prefixed UTF-8 strings and bytes. */
final class WireWriter {

    private final ByteArrayOutputStream out;

    WireWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    WireWriter writeLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    WireWriter writeInt(int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
        return this;
    }

    WireWriter writeByte(int value) {
        out.write(value);
        return this;
    }

    WireWriter writeUuid(UUID id) {
        return writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
    }

    /** A string as int32 byte length and UTF-8 bytes; null as length -1. */
    WireWriter writeString(String text) {
        if (text == null) {
            return writeInt(-1);
        }
        return writeBytes(text.getBytes(UTF_8));
    }

    /** Bytes as int32 length and the bytes. */
    WireWriter writeBytes(byte[] bytes) {
        writeInt(bytes.length);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    WireWriter writeStrings(Collection<String> texts) {
        writeInt(texts.size());
        texts.forEach(this::writeString);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    static byte[] longFrame(long value) {
        return new WireWriter(8).writeLong(value).toBytes();
    }

    static byte[] intFrame(int value) {
        return new WireWriter(4).writeInt(value).toBytes();
    }
}
