package dev.rewind.bus.internal.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.bus.CommandErrorCode;
import dev.rewind.bus.RemoteCommandException;
import dev.rewind.bus.internal.hub.RequestHandler;
import dev.rewind.core.command.CommandMessage;
import dev.rewind.core.command.CommandResult;
import dev.rewind.core.serialization.EventTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command protocol's frames. Request: {@code [id][COMMAND][utf8 type name][JSON payload][16-byte command id]
 * [metadata record]}. Reply: {@code [id][OK][utf8 stream id][int64 version][int64 position][int32 event count]} or
 * {@code [id][ERROR][code][utf8 message][utf8 remote exception class]}.
 */
public final class CommandCodec {

    public static final String COMMAND = "COMMAND";

    /** Reads answers as plain JSON values; {@code CommandResult.value(Class)} converts them to the caller's type. */
    private static final ObjectMapper ANSWERS = new ObjectMapper();

    private final EventTypes types;
    private final ObjectMapper mapper;

    public CommandCodec(EventTypes types, ObjectMapper mapper) {
        this.types = types;
        this.mapper = mapper;
    }

    public List<byte[]> encodeRequest(CommandMessage message) {
        String name = types.nameOf(message.command().getClass()).orElseThrow(() -> new IllegalArgumentException(
                message.command().getClass().getName() + " has no command type name; register it in the EventTypes"
                        + " given to the gateway, e.g. builder().add(\"Deposit.v1\", Deposit.class)."));
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(message.command());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write " + name + " as JSON: " + e.getMessage(), e);
        }
        WireWriter metadata = new WireWriter(64);
        WireCodec.writeMetadata(metadata, message.metadata());
        return List.of(Protocol.ascii(COMMAND), name.getBytes(UTF_8), payload,
                new WireWriter(16).writeUuid(message.commandId()).toBytes(), metadata.toBytes());
    }

    /** Decodes the arguments after the operation frame; throws MalformedFrameException if they are not valid. */
    public CommandMessage decodeRequest(List<byte[]> args) {
        if (args.size() != 4) {
            throw new MalformedFrameException("COMMAND takes 4 argument frames, got " + args.size());
        }
        String name = WireReader.decodeUtf8(args.get(0), "command type");
        Class<?> type = types.classOf(name).orElseThrow(() -> new MalformedFrameException("unknown command type '"
                + RequestHandler.printable(name) + "'; this service knows " + types.asMap().keySet()));
        Object command;
        try {
            command = mapper.readValue(args.get(1), type);
        } catch (IOException | RuntimeException e) {
            throw new MalformedFrameException("the payload is not a valid " + name + ": " + e.getMessage());
        }
        WireReader id = new WireReader(args.get(2), "command id");
        WireReader metadata = new WireReader(args.get(3), "metadata");
        CommandMessage message = new CommandMessage(id.readUuid(), command, WireCodec.readMetadata(metadata));
        id.end();
        metadata.end();
        return message;
    }

    /** The reply frames; a handler's answer, if any, follows as one more frame of JSON. */
    public List<byte[]> encodeResult(byte[] requestId, CommandResult result) {
        List<byte[]> frames = new ArrayList<>(List.of(requestId, Protocol.OK, result.streamId().getBytes(UTF_8),
                WireWriter.longFrame(result.version()), WireWriter.longFrame(result.position()),
                WireWriter.intFrame(result.eventCount())));
        if (result.value() != null) {
            try {
                frames.add(mapper.writeValueAsBytes(result.value()));
            } catch (IOException e) {
                throw new IllegalStateException("The command's answer (" + result.value().getClass().getName()
                        + ") cannot be written as JSON; answer a record or a simple value", e);
            }
        }
        return frames;
    }

    /** The result of a reply (frames after the request id), or the failure it reports as an exception. */
    public static CommandResult decodeReply(List<byte[]> reply) {
        String status = new String(reply.get(0), UTF_8);
        if (status.equals("OK") && (reply.size() == 5 || reply.size() == 6)) {
            return new CommandResult(new String(reply.get(1), UTF_8), WireReader.longFrame(reply.get(2), "version"),
                    WireReader.longFrame(reply.get(3), "position"), WireReader.intFrame(reply.get(4), "count"),
                    reply.size() == 6 ? answer(reply.get(5)) : null);
        }
        if (status.equals("ERROR") && reply.size() >= 3) {
            throw new RemoteCommandException(errorCode(new String(reply.get(1), UTF_8)),
                    reply.size() > 3 ? new String(reply.get(3), UTF_8) : "", new String(reply.get(2), UTF_8));
        }
        throw new RemoteCommandException(CommandErrorCode.UNAVAILABLE, "", "the service sent a reply this gateway"
                + " does not understand; check that both run the same version");
    }

    private static Object answer(byte[] json) {
        try {
            return ANSWERS.readValue(json, Object.class);
        } catch (IOException e) {
            throw new RemoteCommandException(CommandErrorCode.UNAVAILABLE, "", "the service's answer is not valid"
                    + " JSON: " + e.getMessage());
        }
    }

    public static List<byte[]> error(byte[] requestId, CommandErrorCode code, String message, String remoteType) {
        return List.of(requestId, Protocol.ERROR, Protocol.ascii(code.name()), message.getBytes(UTF_8),
                remoteType.getBytes(UTF_8));
    }

    private static CommandErrorCode errorCode(String name) {
        for (CommandErrorCode code : CommandErrorCode.values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return CommandErrorCode.UNAVAILABLE;
    }
}
